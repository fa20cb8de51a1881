import type { FactDefinition } from '../rules/types.js';
import type { DetectedFact, DetectorResult, Ecosystem, Evidence, Hit, PackageRef, Strength } from './types.js';
import { lineIndexOf, lineStarts } from '../source/lines.js';

// Shared, pure helpers for the detectors: where a match is, how findings become facts, which
// packages a family knows.

const RANK: Record<Strength, number> = { weak: 1, medium: 2, strong: 3 };

export function strengthRank(strength: Strength): number {
  return RANK[strength];
}

/** A fact seen at one place. */
export function factHit(fact: string, value: unknown, strength: Strength, file: string, line: number, signal: string): Hit {
  return { fact, value, strength, evidence: { file, line, signal } };
}

/** Something worth showing that no fact describes. */
export function signalHit(file: string, line: number, signal: string): Hit {
  return { strength: 'weak', evidence: { file, line, signal } };
}

/** Enough places to check a claim by hand; a thousand more would only bury the report. */
export const MAX_EVIDENCE = 20;

/** Joins the hits of every file: one fact per path and value, with its strongest evidence first. */
export function mergeHits(hits: readonly Hit[]): DetectorResult {
  const facts = new Map<string, DetectedFact>();
  const signals = new Map<string, Evidence>();
  for (const hit of hits) {
    if (hit.fact === undefined) {
      signals.set(`${hit.evidence.file}:${hit.evidence.line}:${hit.evidence.signal}`, hit.evidence);
      continue;
    }
    const key = `${hit.fact}=${JSON.stringify(hit.value)}`;
    const fact = facts.get(key);
    if (!fact) {
      facts.set(key, { path: hit.fact, value: hit.value, strength: hit.strength, evidence: [hit.evidence] });
      continue;
    }
    if (strengthRank(hit.strength) > strengthRank(fact.strength)) {
      fact.strength = hit.strength;
      fact.evidence.unshift(hit.evidence);
    } else if (!fact.evidence.some((e) => e.file === hit.evidence.file && e.line === hit.evidence.line && e.signal === hit.evidence.signal)) {
      fact.evidence.push(hit.evidence);
    }
    if (fact.evidence.length > MAX_EVIDENCE) fact.evidence.length = MAX_EVIDENCE;
  }
  return { facts: [...facts.values()], signals: [...signals.values()] };
}

let lastIndexed: { text: string; lineOf: (offset: number) => number } | undefined;

/**
 * 1-based line of each offset in a text; the index of line starts is built on first use. The
 * last text's index is kept: detectors inspect one file at a time and ask about it many times.
 */
export function lineIndex(text: string): (offset: number) => number {
  if (lastIndexed?.text === text) return lastIndexed.lineOf;
  let starts: number[] | undefined;
  const lineOf = (offset: number) => lineIndexOf((starts ??= lineStarts(text)), offset) + 1;
  lastIndexed = { text, lineOf };
  return lineOf;
}

/** Every match of a global regular expression, with its line. */
export function matchesWithLines(text: string, pattern: RegExp): { match: RegExpExecArray; line: number }[] {
  if (!pattern.global) throw new Error('matchesWithLines needs a global pattern');
  const out: { match: RegExpExecArray; line: number }[] = [];
  const lineOf = lineIndex(text);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    out.push({ match, line: lineOf(match.index) });
    if (match[0] === '') pattern.lastIndex++;
  }
  return out;
}

/** Whether a text holds any of these literals: a cheap test before a costlier pattern. */
export function mentions(text: string, hints: readonly string[]): boolean {
  return hints.some((hint) => text.includes(hint));
}

/** One pattern for many literals: a single pass tells whether a file needs a closer look at all. */
export function anyOf(literals: readonly string[]): RegExp {
  return new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
}

/** The first line matching a pattern, or 1: evidence must point somewhere. */
export function firstLine(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? lineIndex(text)(match.index) : 1;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function extension(path: string): string {
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  return dot > slash + 1 ? path.slice(dot + 1).toLowerCase() : '';
}

const CODE = new Set(['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'py', 'go', 'java', 'kt', 'kts', 'scala', 'cs', 'rs', 'rb', 'php']);

export function isCode(path: string): boolean {
  return CODE.has(extension(path));
}

export function isYaml(path: string): boolean {
  const ext = extension(path);
  return ext === 'yaml' || ext === 'yml';
}

export function isDockerfile(path: string): boolean {
  if (!path.includes('ockerfile') && !path.includes('ontainerfile')) return false;
  const name = baseName(path);
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(name) || name.endsWith('.Dockerfile') || name.endsWith('.dockerfile');
}

/** Files where build, release and operations commands are written down. */
export function isScript(path: string): boolean {
  const name = baseName(path);
  return ['sh', 'bash', 'ps1', 'mk'].includes(extension(path)) || ['Makefile', 'GNUmakefile', 'justfile', 'Taskfile.yml', 'Procfile', 'package.json'].includes(name);
}

/**
 * Package names a family knows, per ecosystem. A trailing `*` matches a prefix; Go modules also
 * match their subpackages and major versions (`github.com/sony/gobreaker/v2`).
 */
export type PackageNames = Partial<Record<Ecosystem, readonly string[]>>;

function normalise(ecosystem: Ecosystem, name: string): string {
  if (ecosystem === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (ecosystem === 'nuget') return name.toLowerCase();
  return name;
}

function packageMatches(ref: PackageRef, names: PackageNames): boolean {
  const wanted = names[ref.ecosystem];
  if (!wanted) return false;
  const name = normalise(ref.ecosystem, ref.name);
  return wanted.some((raw) => {
    const pattern = normalise(ref.ecosystem, raw);
    if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
    return name === pattern || (ref.ecosystem === 'go' && name.startsWith(`${pattern}/`));
  });
}

function packageSignal(ref: PackageRef): string {
  return `${ref.name} in ${baseName(ref.file)}`;
}

/**
 * Hits for every declared package of a family, all pointing at the same fact. `label` rewords
 * each hit's signal (`name in file`), for a finding that needs saying what the package is.
 */
export function packageHits(packages: readonly PackageRef[], names: PackageNames, fact: string | undefined, value: unknown, strength: Strength = 'weak', label?: (signal: string) => string): Hit[] {
  return packages.filter((ref) => packageMatches(ref, names)).map((ref) => {
    const signal = packageSignal(ref);
    const evidence = { file: ref.file, line: ref.line, signal: label ? label(signal) : signal };
    return fact === undefined ? { strength, evidence } : { fact, value, strength, evidence };
  });
}

/** The text of a call's arguments, from its opening parenthesis: enough to look for an option. */
export function callArguments(text: string, open: number, limit = 2000): string {
  let depth = 0;
  const end = Math.min(text.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(open, i + 1);
    }
  }
  return text.slice(open, end);
}


/**
 * For facts that must hold everywhere (every container non-root, every alert with a runbook),
 * one counter-example settles the answer: the agreeing evidence is dropped, the false kept.
 */
export function onlyCounterExamples(result: DetectorResult, paths: readonly string[]): DetectorResult {
  const refuted = new Set(result.facts.filter((f) => paths.includes(f.path) && f.value === false).map((f) => f.path));
  return { ...result, facts: result.facts.filter((f) => !(refuted.has(f.path) && f.value !== false)) };
}

/** Test code shows how code is exercised, not how it runs in production. */
export function isTestPath(path: string): boolean {
  return /(^|\/)(test|tests|__tests__|spec|e2e)\//.test(path) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) || /_test\.(go|py)$/.test(path) || /(^|\/)test_[^/]*\.py$/.test(path);
}

/** The top-level, comma-separated arguments of a call's text as `callArguments` returns it. */
export function splitArguments(call: string): string[] {
  const inner = call.slice(1, call.endsWith(')') || call.endsWith('}') ? -1 : undefined);
  const args: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = inner.slice(start).trim();
  if (last) args.push(last);
  return args;
}

/** Of several values found for one fact, the best supported: strongest, then most evidence. */
export function preferredFact(found: readonly DetectedFact[]): DetectedFact | undefined {
  return [...found].sort((a, b) => strengthRank(b.strength) - strengthRank(a.strength) || b.evidence.length - a.evidence.length)[0];
}

/** Whether a detected value is one the fact's definition accepts: a pack may have changed. */
export function fitsDefinition(definition: FactDefinition, value: unknown): boolean {
  switch (definition.type) {
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value) && (definition.minimum === undefined || (value as number) >= definition.minimum);
    case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string' && value !== '';
    case 'enum': return typeof value === 'string' && (definition.choices ?? []).includes(value);
    default: return false;
  }
}

/** Detected facts grouped by path, keeping those whose value fits the fact's definition. */
export function factsByPath(facts: readonly DetectedFact[], definitions: ReadonlyMap<string, FactDefinition>): Map<string, DetectedFact[]> {
  const byPath = new Map<string, DetectedFact[]>();
  for (const fact of facts) {
    const definition = definitions.get(fact.path);
    if (!definition || !fitsDefinition(definition, fact.value)) continue;
    const found = byPath.get(fact.path);
    if (found) found.push(fact);
    else byPath.set(fact.path, [fact]);
  }
  return byPath;
}
