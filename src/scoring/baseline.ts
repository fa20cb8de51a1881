import type { Assessment, BaselineComparison, RuleRef, RuleResult } from './assessment.js';
import { isOpen, type RuleStatus } from '../engine/types.js';

/**
 * How this audit differs from an earlier report of the same project: what a ratchet in CI
 * needs. Rules are matched by id (and item), categories by id, packs by name.
 */
export function compareWithBaseline(current: Assessment, baseline: Assessment, baselineFile: string): BaselineComparison {
  const failingBefore = failingUnits(baseline.results);
  const failingNow = failingUnits(current.results);
  const passingBefore = passingUnits(baseline.results);
  const categories = current.categories.map((c) => {
    const before = baseline.categories.find((b) => b.id === c.id)?.score ?? null;
    return { id: c.id, title: c.title, before, after: c.score, delta: before === null || c.score === null ? null : round(c.score - before) };
  });
  const packNames = [...new Set([...baseline.packs, ...current.packs].map((p) => p.name))];
  const packChanges = packNames
    .map((name) => ({
      name,
      before: baseline.packs.find((p) => p.name === name)?.version ?? null,
      after: current.packs.find((p) => p.name === name)?.version ?? null,
    }))
    .filter((p) => p.before !== p.after);
  const score = { before: baseline.score, after: current.score, delta: round(current.score - baseline.score) };
  const level = { before: baseline.achieved.level, after: current.achieved.level };
  return {
    file: baselineFile,
    generatedAt: baseline.generatedAt,
    score,
    level,
    coverage: { before: baseline.coverage, after: current.coverage, delta: round(current.coverage - baseline.coverage) },
    categories,
    newlyFailing: [...failingNow.values()].filter((u) => !failingBefore.has(key(u))),
    newlyFixed: [...failingBefore.values()].filter((u) => !failingNow.has(key(u)) && isPassingNow(current.results, u)),
    packChanges,
    regressed: score.delta < 0 || level.after < level.before || categories.some((c) => c.delta !== null && c.delta < 0) ||
      [...failingNow.values()].some((u) => passingBefore.has(key(u))),
  };
}

const key = (u: RuleRef) => `${u.ruleId}\0${u.item ?? ''}`;

function failingUnits(results: RuleResult[]): Map<string, RuleRef> {
  return units(results, isOpen);
}

function passingUnits(results: RuleResult[]): Map<string, RuleRef> {
  return units(results, (s) => s === 'pass');
}

function units(results: RuleResult[], pick: (status: RuleStatus) => boolean): Map<string, RuleRef> {
  const out = new Map<string, RuleRef>();
  for (const r of results) {
    if (r.items) {
      for (const i of r.items) if (pick(i.status)) out.set(key({ ruleId: r.id, item: i.name, title: r.title }), { ruleId: r.id, item: i.name, title: r.title });
    } else if (pick(r.status)) {
      out.set(key({ ruleId: r.id, title: r.title }), { ruleId: r.id, title: r.title });
    }
  }
  return out;
}

function isPassingNow(results: RuleResult[], unit: RuleRef): boolean {
  const r = results.find((x) => x.id === unit.ruleId);
  if (!r) return false;
  const status = unit.item === undefined ? r.status : r.items?.find((i) => i.name === unit.item)?.status;
  return status === 'pass';
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
