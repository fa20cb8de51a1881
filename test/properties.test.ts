import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyWaivers, auditManifest, loadRuleSet, NothingInScopeError, parseManifest, PROFILES, scoreAssessment, type Assessment, type RuleEvaluation, type RuleStatus } from '../src/index.js';
import { starterManifest } from '../src/manifest/starter.js';
import { renderJson } from '../src/report/json.js';
import { TODAY } from './helpers.js';

const ruleSet = loadRuleSet();
const STATUSES: RuleStatus[] = ['pass', 'fail', 'unknown', 'not_applicable'];

/** Random outcomes for every built-in rule; per-item rules get one to three items. */
const evaluations = fc.tuple(
  ...ruleSet.rules.map((rule) => (rule.forEach
    ? fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 3 }).map((items): RuleEvaluation => ({
      ruleId: rule.id, status: worst(items), missing: [], items: items.map((status, i) => ({ name: `item-${i}`, status, missing: [] })),
    }))
    : fc.constantFrom(...STATUSES).map((status): RuleEvaluation => ({ ruleId: rule.id, status, missing: [] })))),
);

function worst(statuses: RuleStatus[]): RuleStatus {
  return (['fail', 'unknown', 'pass', 'not_applicable'] as RuleStatus[]).find((s) => statuses.includes(s))!;
}

function score(evals: RuleEvaluation[], profile: (typeof PROFILES)[number]): Assessment | undefined {
  const { results, waivers } = applyWaivers(evals, [], TODAY);
  try {
    return scoreAssessment({ ruleSet, manifest: { file: 'm.yaml', project: { name: 'p', profile } }, results, waivers, now: TODAY, toolVersion: 'test' });
  } catch (error) {
    if (error instanceof NothingInScopeError) return undefined; // nothing in scope: refused, never scored
    throw error;
  }
}

/** The same outcomes with one more rule (or item) passing. */
function passOneMore(evals: RuleEvaluation[], pick: number): RuleEvaluation[] | undefined {
  const open = evals.flatMap((e, i) => (e.items
    ? e.items.map((item, j) => ({ i, j, status: item.status }))
    : [{ i, j: -1, status: e.status }])).filter((u) => u.status === 'fail' || u.status === 'unknown');
  if (open.length === 0) return undefined;
  const { i, j } = open[pick % open.length]!;
  return evals.map((e, k) => {
    if (k !== i) return e;
    if (j < 0) return { ...e, status: 'pass' };
    const items = e.items!.map((item, m) => (m === j ? { ...item, status: 'pass' as const } : item));
    return { ...e, items, status: worst(items.map((x) => x.status)) };
  });
}

describe('properties of the scoring', () => {
  it('keeps the score, the score without waivers and coverage within 0 to 100', () => {
    fc.assert(fc.property(evaluations, fc.constantFrom(...PROFILES), (evals, profile) => {
      const a = score(evals, profile);
      if (!a) return;
      const values = [a.score, a.scoreWithoutWaivers, a.coverage, ...a.categories.flatMap((c) => (c.score === null ? [] : [c.score]))];
      for (const value of values) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }
    }), { numRuns: 200 });
  });

  it('never lowers the score or the level when one more rule passes', () => {
    fc.assert(fc.property(evaluations, fc.constantFrom(...PROFILES), fc.nat(), (evals, profile, pick) => {
      const before = score(evals, profile);
      const better = passOneMore(evals, pick);
      if (!before || !better) return;
      const after = score(better, profile)!;
      expect(after.score).toBeGreaterThanOrEqual(before.score);
      expect(after.achieved.level).toBeGreaterThanOrEqual(before.achieved.level);
    }), { numRuns: 300 });
  });
});

describe('properties of the whole audit', () => {
  const boolFacts = [...ruleSet.facts.values()].filter((f) => f.type === 'boolean' && !f.path.includes('[]'));
  const manifests = fc.record({
    profile: fc.constantFrom(...PROFILES),
    answers: fc.array(fc.tuple(fc.constantFrom(...boolFacts.map((f) => f.path)), fc.boolean()), { maxLength: 60 }),
  }).map(({ profile, answers }) => {
    const sections: Record<string, Record<string, unknown>> = {};
    for (const [path, value] of answers) {
      const keys = path.split('.');
      let node: Record<string, unknown> = sections;
      for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[keys.at(-1)!] = value;
    }
    return JSON.stringify({ version: 1, project: { name: 'prop', profile }, ...sections });
  });
  const audit = (text: string) => {
    const manifest = parseManifest(text, 'm.yaml', ruleSet, { now: TODAY });
    try {
      return auditManifest(manifest, ruleSet, { now: TODAY });
    } catch (error) {
      if (error instanceof NothingInScopeError) return undefined; // nothing in scope: refused, never scored
      throw error;
    }
  };

  it('is deterministic: the same manifest gives the same report', () => {
    fc.assert(fc.property(manifests, (text) => {
      expect(JSON.stringify(audit(text))).toBe(JSON.stringify(audit(text)));
    }), { numRuns: 50 });
  });

  it('writes JSON that parses back to the same assessment', () => {
    fc.assert(fc.property(manifests, (text) => {
      const a = audit(text);
      if (a) expect(JSON.parse(renderJson(a))).toStrictEqual(a);
    }), { numRuns: 50 });
  });

  it('writes starter manifests (readiness init) that always validate, whatever the project name', () => {
    fc.assert(fc.property(fc.constantFrom(...PROFILES), fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), (profile, name) => {
      const manifest = parseManifest(starterManifest(ruleSet, profile, name), 'readiness.yaml', ruleSet, { now: TODAY });
      expect(manifest.project).toEqual({ name, profile });
    }), { numRuns: 100 });
  });
});
