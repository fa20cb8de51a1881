import type { FactDefinition } from '../rules/types.js';
import { withoutNulls } from '../facts/types.js';

/** One answer as the manifest will hold it; `null` is "don't know", written `~`. */
export type AnswerValue = string | number | boolean | string[] | null;

/**
 * The interview's answers, keyed by concrete path: `project.profile`, `context.runtime`,
 * `dependencies[1].timeout_ms`. A list's items exist through their names
 * (`dependencies[0].name`); the list's own key holds how many there are (or null, "don't
 * know") once the user has said there are no more. Flat keys make a draft easy to save after
 * every answer and a question easy to tell answered from not.
 */
export type Answers = Readonly<Record<string, AnswerValue>>;

export type KeySegment = string | number;

/** `migrations.large_tables[1].rows` → `["migrations", "large_tables", 1, "rows"]` */
export function keySegments(key: string): KeySegment[] {
  const segments: KeySegment[] = [];
  for (const part of key.split('.')) {
    const [name, ...indexes] = part.split('[');
    segments.push(name!);
    for (const index of indexes) segments.push(Number(index.slice(0, -1)));
  }
  return segments;
}

/** `dependencies[1].timeout_ms` → `dependencies[].timeout_ms`: the fact definition's path. */
export function genericPath(key: string): string {
  return key.replace(/\[\d+\]/g, '[]');
}

export function itemKey(list: string, index: number, field?: string): string {
  return field ? `${list}[${index}].${field}` : `${list}[${index}]`;
}

/** The names of a list's items so far, in order: the items the interview knows about. */
export function itemNames(answers: Answers, list: string): string[] {
  const names: string[] = [];
  for (let index = 0; typeof answers[itemKey(list, index, 'name')] === 'string'; index++) {
    names.push(answers[itemKey(list, index, 'name')] as string);
  }
  return names;
}

/**
 * The answers nested the way the manifest holds them (`{ context: { runtime: … } }`), with
 * unknowns kept as null. `project.*` answers land under `project`.
 */
export function answersToValues(answers: Answers, facts: ReadonlyMap<string, FactDefinition>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  // Shorter keys first, so a list's count (or null) is placed before its items' fields.
  for (const key of Object.keys(answers).sort((a, b) => a.length - b.length)) {
    const value = answers[key]!;
    const isList = facts.get(genericPath(key))?.type === 'list';
    if (isList && value !== null) ensureList(root, keySegments(key));
    else place(root, keySegments(key), value);
  }
  return root;
}

/** The same, without the unknowns: what the rules see, as `parseManifest` gives them. */
export function knownValues(answers: Answers, facts: ReadonlyMap<string, FactDefinition>): Record<string, unknown> {
  return withoutNulls(answersToValues(answers, facts)) as Record<string, unknown>;
}

function ensureList(root: Record<string, unknown>, segments: KeySegment[]): void {
  const parent = containerAt(root, segments.slice(0, -1));
  const last = segments.at(-1)!;
  const current = (parent as Record<KeySegment, unknown>)[last];
  if (!Array.isArray(current)) (parent as Record<KeySegment, unknown>)[last] = [];
}

function place(root: Record<string, unknown>, segments: KeySegment[], value: unknown): void {
  const parent = containerAt(root, segments.slice(0, -1));
  (parent as Record<KeySegment, unknown>)[segments.at(-1)!] = value;
}

/** Walks (and builds) the maps and lists down to `segments`. */
function containerAt(root: Record<string, unknown>, segments: KeySegment[]): object {
  let node: Record<KeySegment, unknown> = root;
  segments.forEach((segment, i) => {
    const wantsList = typeof segments[i + 1] === 'number';
    let next = node[segment];
    if (next === null || typeof next !== 'object') {
      next = wantsList ? [] : {};
      node[segment] = next;
    }
    if (Array.isArray(next) && typeof segments[i + 1] === 'number') {
      // an item's field may arrive before the items ahead of it: fill the gap with empty items
      while (next.length <= (segments[i + 1] as number)) next.push({});
    }
    node = next as Record<KeySegment, unknown>;
  });
  return node;
}

/** Removes one answer (and, for a list, everything about its items). */
export function withoutAnswer(answers: Answers, key: string): Answers {
  const rest: Record<string, AnswerValue> = {};
  for (const [k, v] of Object.entries(answers)) if (k !== key && !k.startsWith(`${key}[`)) rest[k] = v;
  return rest;
}

/** How an answer reads in the summary and as a default. */
export function formatAnswer(value: AnswerValue | undefined): string {
  if (value === undefined) return '(not asked)';
  if (value === null) return "don't know";
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return String(value);
}
