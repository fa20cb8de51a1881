import { Document, isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Scalar } from 'yaml';
import { CATEGORIES, sectionRank } from '../rules/categories.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { FactDefinition } from '../rules/types.js';
import { answersToValues, type Answers, type KeySegment } from './answers.js';

// `~` is how the starter manifest and the docs write "don't know".
const STRINGIFY = { nullStr: '~', lineWidth: 0 } as const;

/**
 * The manifest the answers make. Given the text of the manifest the interview started from
 * (--from), the answers are set into that document, so the user's comments, key order and
 * everything the interview did not ask stay as they were; new keys go at the end of their
 * section. Otherwise a new manifest, in the order of the rule packs' categories.
 */
export function manifestText(answers: Answers, ruleSet: RuleSet, original?: string): string {
  const values = answersToValues(answers, ruleSet.facts);
  if (original !== undefined) return updateManifest(original, values);
  const { project, ...sections } = values;
  const document = new Document({ version: 1, project, ...orderSections(sections, ruleSet.facts) });
  document.commentBefore = [
    ' readiness manifest, written by `readiness interview`.',
    ' ~ marks what was not known: the rules that need it stay "unknown", which never counts as passed.',
    ' `readiness audit` scores it; `readiness interview --from <this file>` updates it.',
  ].join('\n');
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      const key = pair.key as Node;
      const title = CATEGORIES.find((c) => isScalar(key) && c.section === key.value)?.title;
      if (title) key.commentBefore = ` ${title}`;
      if (isScalar(key) && key.value !== 'version') key.spaceBefore = true;
    }
  }
  return document.toString(STRINGIFY);
}

/**
 * Sets the answers into the manifest's own text. When every answer fits a value already
 * written there, only those values are replaced in place, so the file changes exactly where an
 * answer did (comment alignment and all: a clean diff to review). Answers that add keys or items
 * go through the YAML document, which still keeps comments and key order.
 */
function updateManifest(original: string, values: Record<string, unknown>): string {
  const document = parseDocument(original);
  const edits: { from: number; to: number; text: string }[] = [];
  let structural = false;
  const visit = (path: KeySegment[], value: unknown) => {
    const node = path.length ? document.getIn(path, true) : document.contents;
    if (isRecord(value) && isMap(node)) {
      for (const [key, child] of Object.entries(value)) visit([...path, key], child);
    } else if (Array.isArray(value) && value.every(isRecord) && isSeq(node) && value.length <= node.items.length) {
      value.forEach((item, index) => (isMap(node.items[index]) ? visit([...path, index], item) : (structural = true)));
    } else if (isScalar(node) && isScalarValue(value) && isInline(node, original)) {
      if (node.value !== value) edits.push({ from: node.range![0], to: node.range![1], text: scalarText(value) });
    } else if (JSON.stringify(isScalar(node) || isMap(node) || isSeq(node) ? node.toJSON() : node) !== JSON.stringify(value)) {
      structural = true;
    }
  };
  visit([], values);
  if (!structural) {
    return edits.sort((a, b) => b.from - a.from).reduce((text, e) => text.slice(0, e.from) + e.text + text.slice(e.to), original);
  }
  mergeInto(document, [], values);
  return document.toString(STRINGIFY);
}

function isScalarValue(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A one-line scalar written in the text, which a new one-line value can replace. */
function isInline(node: Scalar, text: string): boolean {
  const [from, to] = node.range ?? [0, 0];
  return to > from && !text.slice(from, to).includes('\n') && !['BLOCK_LITERAL', 'BLOCK_FOLDED'].includes(node.type ?? '');
}

function scalarText(value: string | number | boolean | null): string {
  return value === null ? '~' : stringify(value, { lineWidth: 0 }).trimEnd();
}

function mergeInto(document: Document, path: KeySegment[], value: unknown): void {
  const node = path.length ? document.getIn(path, true) : document.contents;
  if (isRecord(value) && isMap(node)) {
    for (const [key, child] of Object.entries(value)) mergeInto(document, [...path, key], child);
  } else if (Array.isArray(value) && value.length > 0 && value.every(isRecord) && isSeq(node)) {
    value.forEach((item, index) => {
      if (isMap(node.items[index])) mergeInto(document, [...path, index], item);
      else node.add(document.createNode(item));
    });
  } else if (!(Array.isArray(value) && value.length === 0 && isSeq(node))) {
    document.setIn(path, value);
  }
}

/**
 * Sections in report order (context, the lists, then the categories), and within each the
 * facts in the order their packs define them, an item's name first.
 */
function orderSections(sections: Record<string, unknown>, facts: ReadonlyMap<string, FactDefinition>): Record<string, unknown> {
  const order = [...facts.keys()];
  const topRank = (key: string) => {
    if (key === 'context') return -2;
    if (facts.get(key)?.type === 'list') return -1;
    return sectionRank(key);
  };
  const rankWithin = (prefix: string) => {
    if (prefix.endsWith('[].name')) return -1;
    const index = order.findIndex((p) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[]`));
    return index < 0 ? order.length : index;
  };
  const sortObject = (value: unknown, prefix: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => sortObject(item, `${prefix}[]`));
    if (!isRecord(value)) return value;
    const path = (key: string) => (prefix ? `${prefix}.${key}` : key);
    const keys = Object.keys(value).sort((a, b) => (prefix ? rankWithin(path(a)) - rankWithin(path(b)) : topRank(a) - topRank(b) || rankWithin(a) - rankWithin(b)));
    return Object.fromEntries(keys.map((key) => [key, sortObject(value[key], path(key))]));
  };
  return sortObject(sections, '') as Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
