import { ReadinessError } from '../errors.js';
import { parseDate } from '../dates.js';
import { PROFILES, type Manifest } from '../manifest/types.js';
import type { FactDefinition } from '../rules/types.js';
import { suggest } from '../source/schema-check.js';
import { parseYamlSource, positionAt, yamlToPlain, type YamlPath, type YamlSource } from '../source/yaml-source.js';
import { genericPath, itemKey, itemNames, type AnswerValue, type Answers, type KeySegment } from './answers.js';

type Facts = ReadonlyMap<string, FactDefinition>;

/** One answer found in a file, with where it stands there (for error positions). */
interface FoundAnswer {
  key: string;
  value: unknown;
  at: KeySegment[];
}

const PROJECT_KEYS = ['project.name', 'project.profile'];

/**
 * Flattens answers given the manifest's way (`context: { runtime: vm }`, lists of items), by
 * fact path (`context.runtime: vm`, `dependencies[0].name: crm`) or a mix, into answer keys.
 * A list given as items becomes its count plus its items' fields.
 */
function collectAnswers(root: Record<string, unknown>, facts: Facts): { found: FoundAnswer[]; unknown: FoundAnswer[] } {
  const found: FoundAnswer[] = [];
  const unknown: FoundAnswer[] = [];
  const walk = (node: Record<string, unknown>, prefix: string, at: KeySegment[]) => {
    for (const [name, value] of Object.entries(node)) {
      const key = prefix ? `${prefix}.${name}` : name;
      const where = [...at, name];
      const fact = facts.get(genericPath(key));
      if (PROJECT_KEYS.includes(key) || (fact && fact.type !== 'list')) {
        found.push({ key, value, at: where });
      } else if (fact && Array.isArray(value)) {
        found.push({ key, value: value.length, at: where });
        value.forEach((item, index) => {
          if (isMapping(item)) walk(item, itemKey(key, index), [...where, index]);
          else unknown.push({ key: itemKey(key, index), value: item, at: [...where, index] });
        });
      } else if (fact) {
        found.push({ key, value, at: where });
      } else if (isMapping(value)) {
        walk(value, key, where);
      } else {
        unknown.push({ key, value, at: where });
      }
    }
  };
  walk(root, '', []);
  return { found, unknown };
}

/**
 * Reads answers from YAML or JSON text: an `--answers` file (the whole document) or a draft
 * (under `answers:`). Every key must be a fact of the rule packs and every value fit its type,
 * or the file is refused with the position of the first problem.
 */
export function readAnswers(source: YamlSource, at: YamlPath, facts: Facts): Answers {
  const content = valueAt(yamlToPlain(source, 'input'), at);
  if (content === null || content === undefined) return {};
  if (!isMapping(content)) {
    throw new ReadinessError('input', 'answers must be a mapping of fact paths to answers', positionAt(source, at));
  }
  const { found, unknown } = collectAnswers(content, facts);
  const position = (where: KeySegment[], key = false) => positionAt(source, [...at, ...where], key);
  const first = unknown[0];
  if (first) {
    const guess = suggest(genericPath(first.key), [...PROJECT_KEYS, ...facts.keys()]);
    throw new ReadinessError('input', `"${first.key}" is not a question of the interview${guess ? `; did you mean ${guess}?` : ''}`,
      position(first.at, true), 'answers are fact paths such as context.runtime; `readiness schema` lists them all');
  }
  const answers: Record<string, AnswerValue> = {};
  for (const { key, value, at: where } of found) {
    const problem = checkAnswer(key, value, facts);
    if (problem) throw new ReadinessError('input', `${key}: ${problem}`, position(where));
    answers[key] = value as AnswerValue;
  }
  for (const { key, at: where } of found) {
    const item = key.match(/^(.*)\[(\d+)\]\.[^[\]]+$/);
    if (item && typeof answers[itemKey(item[1]!, Number(item[2]), 'name')] !== 'string') {
      throw new ReadinessError('input', `${item[1]}[${item[2]}] needs a name`, position(where.slice(0, -1)), 'findings name the item they concern');
    }
    const count = answers[key];
    if (facts.get(genericPath(key))?.type === 'list' && typeof count === 'number' && itemNames(answers, key).length !== count) {
      throw new ReadinessError('input', `${key}: ${count} items, but ${itemNames(answers, key).length} of them named`, position(where));
    }
  }
  return answers;
}

/** Reads an `--answers` file's text. */
export function parseAnswersFile(text: string, file: string, facts: Facts): Answers {
  return readAnswers(parseYamlSource(text, file, 'input'), [], facts);
}

/** Why a value cannot answer this question, or undefined when it can. null is "don't know". */
export function checkAnswer(key: string, value: unknown, facts: Facts): string | undefined {
  if (key === 'project.name') return typeof value === 'string' && value.trim() ? undefined : 'must be a non-empty name';
  if (key === 'project.profile') {
    return PROFILES.includes(value as never) ? undefined : `must be one of: ${PROFILES.join(', ')}`;
  }
  const fact = facts.get(genericPath(key))!;
  if (value === null) return fact.path.endsWith('[].name') ? 'an item needs a name' : undefined;
  const bounded = (n: number) =>
    fact.minimum !== undefined && n < fact.minimum ? `must be at least ${fact.minimum}` :
    fact.maximum !== undefined && n > fact.maximum ? `must be at most ${fact.maximum}` : undefined;
  switch (fact.type) {
    case 'boolean': return typeof value === 'boolean' ? undefined : 'must be true, false or ~';
    case 'integer': return Number.isInteger(value) ? bounded(value as number) : 'must be a whole number or ~';
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? bounded(value) : 'must be a number or ~';
    case 'string': return typeof value === 'string' && value.trim() ? undefined : 'must be non-empty text or ~';
    case 'enum': return fact.choices!.includes(value as string) ? undefined : `must be one of: ${fact.choices!.join(', ')}, or ~`;
    case 'set': {
      const ok = Array.isArray(value) && value.every((v) => fact.choices!.includes(v as string)) && new Set(value).size === value.length;
      return ok ? undefined : `must be a list of distinct values from: ${fact.choices!.join(', ')}, or ~`;
    }
    case 'date': return typeof value === 'string' && parseDate(value) ? undefined : 'must be a date, YYYY-MM-DD, or ~';
    case 'list': return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'must be a list of items, [] for none, or ~';
  }
}

/**
 * What `--from <manifest>` offers: every answer the manifest holds, as defaults to confirm or
 * change, plus the names of its list items, which stand as given (the interview adds items, it
 * never renames or drops them).
 */
export function prefillFromManifest(manifest: Manifest, facts: Facts): { defaults: Answers; itemNames: Answers } {
  const { name, profile } = manifest.project;
  const { found } = collectAnswers({ project: { name, profile }, ...manifest.facts.values }, facts);
  const defaults: Record<string, AnswerValue> = {};
  const itemNames: Record<string, AnswerValue> = {};
  for (const { key, value } of found) {
    if (/\]\.name$/.test(key)) itemNames[key] = value as AnswerValue;
    else defaults[key] = value as AnswerValue;
  }
  return { defaults, itemNames };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(root: unknown, path: YamlPath): unknown {
  let value = root;
  for (const segment of path) value = isMapping(value) || Array.isArray(value) ? (value as Record<KeySegment, unknown>)[segment] : undefined;
  return value;
}
