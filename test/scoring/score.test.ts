import { describe, expect, it } from 'vitest';
import { auditManifest, NothingInScopeError, parseManifest } from '../../src/index.js';
import { auditFixture, scoringPack, TODAY } from '../helpers.js';

// Scoring fixture (test/fixtures/packs/scoring): SEC-001 L1 critical (8), SEC-002 L2 high (4),
// OBS-001 L1 medium (2), OBS-002 L3 low (1), OBS-003 L2 medium (2) only with a UI,
// RES-001 L2 high (4) per dependency.
const base = (extra = '', security = 'a: true\n  b: false') => `version: 1
project: {name: shop, profile: internal}
security:
  ${security}
observability:
  c: true
  has_ui: false
dependencies:
  - {name: x, timeout_ms: 100}
  - {name: y, timeout_ms: 0}
${extra}`;

const waiver = (rule: string, item = '', expires = '2027-01-31') =>
  `  - {rule: ${rule}, ${item ? `item: ${item}, ` : ''}reason: accepted, owner: lead, expires: ${expires}}\n`;

const status = (a: ReturnType<typeof auditFixture>, id: string) => a.results.find((r) => r.id === id)!.status;

describe('score', () => {
  it('is the weight passed over the weight in scope, with partial credit per item', () => {
    const a = auditFixture(base());
    // in scope at internal (target 2): SEC-001 8 pass, SEC-002 4 fail, OBS-001 2 pass, RES-001 4 half
    expect(a.score).toBe(66.7); // (8 + 2 + 2) / 18
    expect(a.scoreWithoutWaivers).toBe(66.7);
    expect(a.target).toEqual({ level: 2, name: 'Repeatable' });
    expect(a.achieved.level).toBe(1);
    expect(a.coverage).toBe(100);
  });

  it('marks rules whose applies_when is false not applicable, with the reason, outside the score', () => {
    const result = auditFixture(base()).results.find((r) => r.id === 'OBS-003')!;
    expect(result.status).toBe('not_applicable');
    expect(result.inScope).toBe(false);
    expect(result.reason).toBe('applies only when observability.has_ui');
  });

  it('counts unknown as not passed and lowers coverage', () => {
    const a = auditFixture(base('', 'b: false'));
    expect(status(a, 'SEC-001')).toBe('unknown');
    expect(a.results.find((r) => r.id === 'SEC-001')!.missing).toEqual(['security.a']);
    expect(a.score).toBe(22.2); // (2 + 2) / 18
    expect(a.achieved.level).toBe(0);
    expect(a.coverage).toBe(75);
  });

  it('leaves Error.stackTraceLimit as it was, though evaluation lowers it while facts are missing', () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 17;
    try {
      expect(status(auditFixture(base('', 'b: false')), 'SEC-001')).toBe('unknown');
      expect(Error.stackTraceLimit).toBe(17);
    } finally {
      Error.stackTraceLimit = before;
    }
  });

  it('takes waived rules off both sides and reports the score without waivers beside it', () => {
    const a = auditFixture(base(`waivers:\n${waiver('SEC-002')}`));
    expect(status(a, 'SEC-002')).toBe('waived');
    expect(a.score).toBe(85.7); // 12 / 14
    expect(a.scoreWithoutWaivers).toBe(66.7);
    expect(a.waivers[0]!.state).toBe('active');
  });

  it('waives a single item of a per-item rule and lets the level rise', () => {
    const a = auditFixture(base(`waivers:\n${waiver('SEC-002')}${waiver('RES-001', 'y')}`));
    expect(a.results.find((r) => r.id === 'RES-001')!.items!.map((i) => i.status)).toEqual(['pass', 'waived']);
    expect(a.score).toBe(100);
    expect(a.achieved.level).toBe(2); // OBS-002 (L3) is unknown
    expect(a.nextLevel!.blockers.map((b) => b.ruleId)).toEqual(['OBS-002']);
  });

  it('treats an expired waiver as a failure and reports it as expired', () => {
    const a = auditFixture(base(`waivers:\n${waiver('SEC-002', '', '2026-11-24')}`));
    expect(status(a, 'SEC-002')).toBe('fail');
    expect(a.waivers[0]!.state).toBe('expired');
    expect(a.score).toBe(66.7);
  });

  it('reports orphaned and redundant waivers', () => {
    const a = auditFixture(base(`waivers:\n${waiver('SEC-009')}${waiver('RES-001', 'nope')}${waiver('SEC-001')}`));
    expect(a.waivers.map((w) => w.state)).toEqual(['orphaned', 'orphaned', 'redundant']);
    expect(a.waivers[1]!.note).toContain('no item "nope"');
  });

  it('ignores every waiver with waivers: false', () => {
    const a = auditFixture(base(`waivers:\n${waiver('SEC-002')}`), { waivers: false });
    expect(status(a, 'SEC-002')).toBe('fail');
    expect(a.score).toBe(66.7);
  });

  it('evaluates rules above the target without letting them lower the score', () => {
    const internal = auditFixture(base());
    const obs2 = internal.results.find((r) => r.id === 'OBS-002')!;
    expect(obs2.status).toBe('unknown');
    expect(obs2.inScope).toBe(false);
    expect(internal.categories.find((c) => c.id === 'observability')!.beyondTarget).toBe(1);
    const production = auditFixture(base(), { profile: 'production' });
    expect(production.target.level).toBe(3);
    expect(production.score).toBe(63.2); // 12 / 19: OBS-002 now counts
    expect(production.profileOverridden).toBe(true);
  });

  it('gives a category with nothing in scope no score rather than 0 or 100', () => {
    const a = auditFixture(base());
    expect(a.categories.find((c) => c.id === 'migrations')!.score).toBeNull();
    expect(a.categories.find((c) => c.id === 'security')!.score).toBe(66.7);
    expect(a.categories.find((c) => c.id === 'resilience')!.score).toBe(50);
  });

  it('scores a manifest that answers nothing as 0, with 0 coverage', () => {
    const a = auditFixture('version: 1\nproject: {name: p, profile: prototype}\n');
    expect([a.score, a.coverage, a.achieved.level]).toEqual([0, 0, 0]);
  });

  it('refuses to score when no rule is in scope: evaluating nothing is never a pass', () => {
    const yaml = `version: 1\nproject: {name: p, profile: internal}\nobservability: {has_ui: false}\n`;
    const ruleSet = scoringPack();
    const onlyUi = { ...ruleSet, rules: ruleSet.rules.filter((r) => r.id === 'OBS-003') };
    const manifest = parseManifest(yaml, 'readiness.yaml', onlyUi, { now: TODAY });
    expect(() => auditManifest(manifest, onlyUi, { now: TODAY })).toThrow(NothingInScopeError);
  });
});

describe('action plan', () => {
  it('puts what blocks the next level first and says what each fix is worth', () => {
    const a = auditFixture(base());
    const plan = a.actionPlan.map((i) => [i.ruleId, i.item ?? '', i.points, i.reachesLevel ?? null, i.beyondTarget]);
    expect(plan).toEqual([
      ['SEC-002', '', 22.2, null, false], // 4/18; RES-001 y also blocks level 2
      ['RES-001', 'y', 11.1, null, false], // 2/18
      ['OBS-002', '', 0, null, true],
    ]);
  });

  it('says which fix reaches the next level when it is the last blocker', () => {
    const a = auditFixture(base(`waivers:\n${waiver('SEC-002')}`));
    const item = a.actionPlan.find((i) => i.ruleId === 'RES-001')!;
    expect(item.reachesLevel).toBe(2);
    expect(item.action).toBe('Set a timeout.');
  });

  it('asks for the missing facts of an unknown rule', () => {
    const a = auditFixture(base('', 'b: false'));
    expect(a.actionPlan.find((i) => i.ruleId === 'SEC-001')!.action).toBe('Declare security.a');
  });
});

describe('gates', () => {
  it('passes and fails on score, level and severity, explaining each', () => {
    const a = auditFixture(base(), { gates: { minScore: 60, minLevel: 'target', failOn: 'critical' } });
    expect(a.gate!.checks).toEqual([
      { gate: 'min-score', passed: true, detail: 'score 66.7 ≥ 60' },
      { gate: 'min-level', passed: false, detail: 'level 1 < 2; blocked by RES-001, SEC-002' },
      { gate: 'fail-on', passed: true, detail: 'no critical-or-worse rule fails or is unknown' },
    ]);
    expect(a.gate!.passed).toBe(false);
  });

  it('fails --fail-on for an unknown rule: a gate never passes on silence', () => {
    const a = auditFixture(base('', 'b: false'), { gates: { failOn: 'critical' } });
    expect(a.gate!.passed).toBe(false);
    expect(a.gate!.checks[0]!.detail).toContain('SEC-001');
  });
});
