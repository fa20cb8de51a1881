import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadinessError } from '../errors.js';
import { checkAgainstSchema, compileSchema, type Validator } from '../source/schema-check.js';
import { parseYamlSource, positionAt, yamlToPlain, type YamlSource } from '../source/yaml-source.js';
import { PACK_FILE_SCHEMA, PACK_MANIFEST_SCHEMA } from './pack-schema.js';
import type { FactDefinition, Level, PackInfo, Rule, RulePack, Severity } from './types.js';

let validators: { manifest: Validator; file: Validator } | undefined;
function packValidators() {
  validators ??= { manifest: compileSchema(PACK_MANIFEST_SCHEMA), file: compileSchema(PACK_FILE_SCHEMA) };
  return validators;
}

export interface PackFiles {
  dir: string;
  manifest: { text: string; file: string };
  files: { text: string; file: string }[];
}

/** The files a pack directory is made of: its `*.yaml` and `*.yml`, in name order. */
export function packFileNames(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    throw new ReadinessError('rules', `cannot read rule pack: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: dir });
  }
}

/** Reads a pack directory: `pack.yaml` plus every other `*.yaml` / `*.yml`, in name order. */
export function readPackFiles(dir: string): PackFiles {
  const names = packFileNames(dir);
  const manifestName = names.find((n) => /^pack\.ya?ml$/.test(n));
  if (!manifestName) {
    throw new ReadinessError('rules', 'not a rule pack: it has no pack.yaml', { file: dir },
      'a pack is a directory with a pack.yaml (name, version) and rule files beside it');
  }
  const read = (name: string) => ({ text: readFileSync(join(dir, name), 'utf8'), file: join(dir, name) });
  return { dir, manifest: read(manifestName), files: names.filter((n) => n !== manifestName).map(read) };
}

export function loadRulePack(dir: string): RulePack {
  const { manifest, files } = readPackFiles(dir);
  return parseRulePack(dir, manifest, files);
}

/** The pure part of `loadRulePack`: file texts in, a validated pack out. */
export function parseRulePack(dir: string, manifest: { text: string; file: string }, files: { text: string; file: string }[]): RulePack {
  const info = parsePackManifest(manifest.text, manifest.file);
  const pack: RulePack = { ...info, dir, facts: [], rules: [] };
  for (const { text, file } of files) {
    const source = parseYamlSource(text, file, 'rules');
    const content = yamlToPlain(source, 'rules') ?? {};
    checkAgainstSchema(source, content, packValidators().file, 'rules');
    const { category, facts = {}, rules = [] } = content as PackFileContent;
    for (const [path, def] of Object.entries(facts)) {
      pack.facts.push({ ...def, path, pack: info.name, source: positionAt(source, ['facts', path], true) });
    }
    rules.forEach((rule, index) => pack.rules.push(toRule(rule, index, category!, info.name, source)));
  }
  return pack;
}

function parsePackManifest(text: string, file: string): PackInfo {
  const source = parseYamlSource(text, file, 'rules');
  const content = yamlToPlain(source, 'rules');
  checkAgainstSchema(source, content, packValidators().manifest, 'rules');
  return content as PackInfo;
}

interface PackFileContent {
  category?: string;
  facts?: Record<string, Omit<FactDefinition, 'path' | 'pack' | 'source'>>;
  rules?: RawRule[];
}

interface RawRule {
  id: string; title: string; level: Level; severity: Severity; check: string; applies_when?: string; for_each?: string;
  level_reason?: string; rationale: string; remediation: string; references: Rule['references']; examples: Rule['examples'];
}


function toRule(raw: RawRule, index: number, category: string, pack: string, source: YamlSource): Rule {
  const at = (key: string) => positionAt(source, ['rules', index, key]);
  const rule: Rule = {
    id: raw.id,
    title: raw.title,
    category,
    level: raw.level,
    severity: raw.severity,
    check: raw.check.trim(),
    rationale: raw.rationale.trim(),
    remediation: raw.remediation.trim(),
    references: raw.references,
    examples: raw.examples,
    pack,
    source: at('id'),
    checkSource: at('check'),
  };
  if (raw.applies_when !== undefined) {
    rule.appliesWhen = raw.applies_when.trim();
    rule.appliesWhenSource = at('applies_when');
  }
  if (raw.for_each !== undefined) rule.forEach = raw.for_each;
  if (raw.level_reason !== undefined) rule.levelReason = raw.level_reason.trim();
  return rule;
}
