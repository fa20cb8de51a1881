import type { FactDefinition } from '../rules/types.js';
import { factsByPath, MAX_EVIDENCE, preferredFact, strengthRank } from '../scan/detect.js';
import type { DetectedFact, Evidence, ScanResult, Strength } from '../scan/types.js';
import { factKey, valueAt, type FactSet, type Provenance } from './types.js';

export type EvidenceStatus = 'confirmed' | 'unverified' | 'contradicted';

/** What the repository says about one declared fact. */
export interface FactEvidence {
  /** The concrete path: `observability.tracing`, `dependencies[2].circuit_breaker`. */
  path: string;
  status: EvidenceStatus;
  declared?: unknown;
  detected?: unknown;
  declaredAt?: Provenance;
  evidence: Evidence[];
  strength?: Strength;
}

/**
 * Joins declared facts with what a scan found. Detected section facts fill what the manifest
 * left unknown (with `scan` provenance); list items are never filled, since evidence speaks of
 * the items in general, not of one dependency. Each declared fact a detector covers comes out
 * confirmed (evidence agrees), contradicted (evidence of the opposite) or unverified (nothing
 * found); a declared "no" needs no evidence, so it is only ever contradicted.
 */
export function reconcileEvidence(declared: FactSet, scan: ScanResult, facts: ReadonlyMap<string, FactDefinition>): { facts: FactSet; evidence: FactEvidence[] } {
  const detected = factsByPath(scan.facts, facts);
  const detectable = (path: string, value: unknown) => {
    const values = scan.covers[path];
    return values === 'any' || (values ?? []).some((v) => JSON.stringify(v) === JSON.stringify(value));
  };
  return {
    facts: fill(declared, detected),
    evidence: declaredLeaves(declared.values).flatMap(({ key, pattern, value }) => {
      const definition = facts.get(pattern);
      if (!definition || definition.type === 'list' || pattern.endsWith('[].name')) return [];
      const status = judge(definition, value, detected.get(pattern) ?? [], detectable(pattern, value));
      if (!status) return [];
      const declaredAt = declared.provenance[key];
      return [{ path: key, ...status, declared: value, ...(declaredAt ? { declaredAt } : {}) }];
    }),
  };
}

type Judgement = Pick<FactEvidence, 'status' | 'detected' | 'evidence' | 'strength'>;

/** `detectable`: the scan could have shown the declared value, had it been there. */
function judge(definition: FactDefinition, declared: unknown, found: DetectedFact[], detectable: boolean): Judgement | undefined {
  const agreeing = found.filter((f) => agrees(definition, declared, f.value));
  if (agreeing.length > 0) return summarise('confirmed', agreeing);
  const contrary = found.filter((f) => contradicts(definition, declared, f, detectable));
  if (contrary.length > 0) return summarise('contradicted', contrary);
  if (negative(declared)) return undefined;
  if (found.length > 0) return summarise('unverified', found);
  return detectable ? { status: 'unverified', evidence: [] } : undefined;
}

function summarise(status: EvidenceStatus, found: DetectedFact[]): Judgement {
  const ordered = [...found].sort((a, b) => strengthRank(b.strength) - strengthRank(a.strength));
  return { status, detected: ordered[0]!.value, strength: ordered[0]!.strength, evidence: ordered.flatMap((f) => f.evidence).slice(0, MAX_EVIDENCE) };
}

/** Team names are written many ways: `@acme/payments`, `payments`, `Payments`. */
function agrees(definition: FactDefinition, declared: unknown, detected: unknown): boolean {
  if (definition.type === 'string' && typeof declared === 'string' && typeof detected === 'string') return normalName(declared) === normalName(detected);
  return JSON.stringify(declared) === JSON.stringify(detected);
}

function normalName(name: string): string {
  return name.toLowerCase().replace(/^@/, '').replace(/^.*\//, '').replace(/^group:(default\/)?/, '').trim();
}

/**
 * Weak evidence (a library present) never contradicts. For a list item, only a finding that
 * something goes without (a client with no timeout) speaks against every item's claim; another
 * tool found may belong to another item. A name found speaks against a declared one only from
 * an authoritative source. Another choice of an enum speaks against a declared "none", or
 * against a choice the scan would have seen (a Recreate strategy against a declared rolling
 * one), but not against one it cannot see (an HPA configured against autoscaling "tested").
 */
function contradicts(definition: FactDefinition, declared: unknown, found: DetectedFact, detectable: boolean): boolean {
  if (found.strength === 'weak') return false;
  if (definition.path.includes('[]')) return negative(found.value);
  if (definition.type === 'string') return found.strength === 'strong';
  if (definition.type === 'enum') return negative(declared) || detectable;
  return true;
}

/** A declared "no": it needs no evidence, and any evidence of a "yes" contradicts it. */
function negative(value: unknown): boolean {
  return value === false || value === 0 || value === 'none' || value === 'never' || value === 'manual';
}

/** Detected section facts where nothing was declared; the best evidence gives the value. */
function fill(declared: FactSet, detected: Map<string, DetectedFact[]>): FactSet {
  const values: Record<string, unknown> = structuredClone(declared.values);
  const provenance = { ...declared.provenance };
  for (const [path, found] of detected) {
    if (path.includes('[]')) continue;
    const segments = path.split('.');
    const leaf = segments.pop()!;
    // a section declared as something else than a mapping is the manifest's to fix, not ours
    const clash = segments.some((_, i) => {
      const value = valueAt(values, segments.slice(0, i + 1));
      return value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value));
    });
    if (clash || valueAt(values, [...segments, leaf]) !== undefined) continue;
    let parent = values;
    for (const segment of segments) parent = (parent[segment] ??= {}) as Record<string, unknown>;
    const best = preferredFact(found)!;
    parent[leaf] = best.value;
    const where = best.evidence[0];
    provenance[path] = { origin: 'scan', ...(where ? { file: where.file, line: where.line } : {}) };
  }
  return { values, provenance };
}

/** Every declared value below the sections, with its concrete key and its pattern (`list[].field`). */
function declaredLeaves(values: Record<string, unknown>): { key: string; pattern: string; value: unknown }[] {
  const out: { key: string; pattern: string; value: unknown }[] = [];
  const visit = (value: unknown, path: (string | number)[], pattern: string) => {
    if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
      value.forEach((item, i) => visit(item, [...path, i], `${pattern}[]`));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, child] of Object.entries(value)) visit(child, [...path, k], pattern ? `${pattern}.${k}` : k);
    } else {
      out.push({ key: factKey(path), pattern, value });
    }
  };
  visit(values, [], '');
  return out;
}

