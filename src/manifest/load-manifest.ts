import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DAY_MS, parseDate } from '../dates.js';
import { ReadinessError } from '../errors.js';
import { withoutNulls, type Provenance } from '../facts/types.js';
import type { RuleSet } from '../rules/rule-set.js';
import { checkAgainstSchema, compileSchema, suggest, type Validator } from '../source/schema-check.js';
import { lineAndColumn, parseYamlSource, positionAt, yamlToPlain, type YamlSource } from '../source/yaml-source.js';
import { manifestSchema } from './schema.js';
import type { Manifest, ProjectInfo, RuleAdjustment, Waiver } from './types.js';

// A manifest is a few hundred lines; anything far larger is a mistake or an attack.
export const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_WAIVER_DAYS = 366;

export interface ManifestOptions {
  /** The audit's date: waivers may not expire more than a year after it. */
  now: Date;
}

/** Reads and validates a manifest file. */
export function loadManifest(file: string, ruleSet: RuleSet, options: ManifestOptions): Manifest {
  return parseManifest(readManifestText(file), file, ruleSet, options);
}

/** Reads and parses a manifest without validating it (see `manifestExtends`). */
export function readManifest(file: string): ParsedManifest {
  return parseManifestText(readManifestText(file), file);
}

export function readManifestText(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new ReadinessError('input', 'is a directory, not a manifest', { file }, 'name the readiness.yaml file inside it');
    size = stat.size;
  } catch (error) {
    if (error instanceof ReadinessError) throw error;
    throw ioError(file, error);
  }
  if (size > MAX_MANIFEST_BYTES) {
    throw new ReadinessError('input', `is ${(size / 1048576).toFixed(1)} MB; a manifest may be at most 1 MB`, { file });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw ioError(file, error);
  }
  return decodeUtf8(bytes, file);
}

function ioError(file: string, error: unknown): ReadinessError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
  const hint = code === 'ENOENT' ? 'create one with `readiness init` or `readiness interview`' : undefined;
  return new ReadinessError('io', `cannot read manifest: ${reason}`, { file }, hint);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(bytes: Buffer, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const before = bytes.subarray(0, nul).toString('utf8').split('\n');
    throw new ReadinessError('input', 'looks like a binary file, not a YAML manifest (it contains NUL bytes)', { file, line: before.length, column: before.at(-1)!.length + 1 });
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset).toString('utf8').split('\n');
    throw new ReadinessError('input', 'is not valid UTF-8 text', { file, line: before.length, column: before.at(-1)!.length + 1 });
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1));
      low = mid + 1;
    } catch {
      // a prefix cut inside a multi-byte character also throws, but the answer is still within 3 bytes
      high = mid;
    }
  }
  return low;
}

const validators = new WeakMap<RuleSet, Validator>();

/** The validator of manifests for these facts: compiled at build time for the built-in rules, else once per rule set. */
export function manifestValidator(ruleSet: RuleSet): Validator {
  let validate = ruleSet.manifestValidator ?? validators.get(ruleSet);
  if (!validate) {
    validate = compileSchema(manifestSchema(ruleSet.facts));
    validators.set(ruleSet, validate);
  }
  return validate;
}

/** A manifest parsed but not yet validated: enough to see which packs it `extends`. */
export interface ParsedManifest {
  file: string;
  source: YamlSource;
  content: Record<string, unknown>;
}

/** The pure part of `loadManifest`: text in, validated manifest out. */
export function parseManifest(text: string, file: string, ruleSet: RuleSet, options: ManifestOptions): Manifest {
  return validateManifest(parseManifestText(text, file), ruleSet, options);
}

export function parseManifestText(text: string, file: string): ParsedManifest {
  const source = parseYamlSource(text, file, 'input');
  const content = yamlToPlain(source, 'input');
  if (content === null || content === undefined) {
    throw new ReadinessError('input', 'is empty', { file, line: 1, column: 1 }, 'start from `readiness init`');
  }
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new ReadinessError('input', 'must be a mapping with version and project at the top, not a list or a single value', positionAt(source, []));
  }
  return { file, source, content: content as Record<string, unknown> };
}

/**
 * The rule-pack directories a manifest `extends`, resolved against the manifest's own folder.
 * Read before validation, because the packs define which keys the manifest may use.
 */
export function manifestExtends(parsed: ParsedManifest): string[] {
  const list = parsed.content.extends;
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new ReadinessError('input', '"extends" must be a list of rule-pack directories', positionAt(parsed.source, ['extends']));
  }
  return list.map((dir: string) => resolve(dirname(parsed.file), dir));
}

export function validateManifest(parsed: ParsedManifest, ruleSet: RuleSet, options: ManifestOptions): Manifest {
  const { file, source, content } = parsed;
  checkAgainstSchema(source, content, manifestValidator(ruleSet), 'input');

  const { version, project, waivers = [], extends: packs = [], disable = [], overrides = [], ...sections } = content as ManifestContent;
  checkDates(source, sections, ruleSet);
  const ruleIds = ruleSet.rules.map((r) => r.id);
  const adjustment = (key: 'disable' | 'overrides', raw: RawAdjustment, index: number): RuleAdjustment => {
    if (!ruleIds.includes(raw.rule)) {
      const guess = suggest(raw.rule, ruleIds);
      throw new ReadinessError('input', `${key}: no rule ${raw.rule} is loaded${guess ? `; did you mean ${guess}?` : ''}`, positionAt(source, [key, index, 'rule']));
    }
    return { ...raw, ...(key === 'disable' && { disable: true }), source: positionAt(source, [key, index]) };
  };
  return {
    file,
    version: version as 1,
    project,
    extends: packs,
    adjustments: [...disable.map((d, i) => adjustment('disable', d, i)), ...overrides.map((o, i) => adjustment('overrides', o, i))],
    facts: { values: withoutNulls(sections) as Record<string, unknown>, provenance: manifestProvenance(source, file, new Set(Object.keys(sections))) },
    waivers: waivers.map((w, i) => toWaiver(w, source, i, options.now)),
  };
}

type RawAdjustment = Omit<RuleAdjustment, 'source' | 'disable'>;

type ManifestContent = Record<string, unknown> & {
  project: ProjectInfo;
  waivers?: Omit<Waiver, 'source'>[];
  extends?: string[];
  disable?: RawAdjustment[];
  overrides?: RawAdjustment[];
};

function toWaiver(raw: Omit<Waiver, 'source'>, source: YamlSource, index: number, now: Date): Waiver {
  const expires = parseDate(raw.expires);
  if (!expires) throw new ReadinessError('input', `waiver for ${raw.rule}: "${raw.expires}" is not a calendar date`, positionAt(source, ['waivers', index, 'expires']));
  if ((expires.getTime() - now.getTime()) / DAY_MS > MAX_WAIVER_DAYS) {
    throw new ReadinessError('input', `waiver for ${raw.rule} expires ${raw.expires}, more than a year ahead`,
      positionAt(source, ['waivers', index, 'expires']), 'a waiver is a dated promise to fix: renew it when it lapses');
  }
  return { ...raw, source: positionAt(source, ['waivers', index]) };
}

/** Dates pass the schema's YYYY-MM-DD pattern; this catches 2026-02-30. */
function checkDates(source: YamlSource, sections: Record<string, unknown>, ruleSet: RuleSet): void {
  const path: (string | number)[] = []; // where `visit` is, for the error
  const visit = (value: unknown, factPath: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        path.push(i);
        visit(item, `${factPath}[]`);
        path.pop();
      });
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        path.push(key);
        visit(child, factPath ? `${factPath}.${key}` : key);
        path.pop();
      }
    } else if (typeof value === 'string' && ruleSet.facts.get(factPath)?.type === 'date' && !parseDate(value)) {
      throw new ReadinessError('input', `"${value}" is not a calendar date`, positionAt(source, path));
    }
  };
  visit(sections, '');
}

/** Position of every value in the manifest's fact sections (the top-level keys that are not manifest fields), keyed by `factKey`. */
function manifestProvenance(source: YamlSource, file: string, sections: ReadonlySet<string>): Record<string, Provenance> {
  const provenance: Record<string, Provenance> = {};
  let inSection = false;
  for (const [at, node] of source.nodes) {
    // the nodes come in document order: a top-level key (one segment) opens what follows
    if (at.lastIndexOf('\0') === 0) inSection = sections.has(node.dotted);
    if (!inSection || node.value === null) continue;
    const { line, column } = lineAndColumn(source, node.value);
    provenance[node.dotted] = { origin: 'manifest', file, line, column };
  }
  return provenance;
}
