import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, PROFILE_TARGETS, renderRulesReference } from '../../src/index.js';
import { ROOT } from '../helpers.js';

const ruleSet = loadRuleSet();
const minimum: Record<string, number> = {
  observability: 14, migrations: 12, resilience: 14, security: 18,
  'load-testing': 12, delivery: 10, recovery: 10, operations: 10,
};

describe('the built-in rule library', () => {
  it('has at least 100 rules and the minimum count in every category', () => {
    expect(ruleSet.rules.length).toBeGreaterThanOrEqual(100);
    for (const [category, count] of Object.entries(minimum)) {
      expect(ruleSet.rules.filter((r) => r.category === category).length, category).toBeGreaterThanOrEqual(count);
    }
  });

  it('gives every rule a level reason, rationale, remediation, references and examples', () => {
    for (const rule of ruleSet.rules) {
      expect(rule.levelReason, rule.id).toBeTruthy();
      expect(rule.rationale.length, rule.id).toBeGreaterThan(80);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(60);
      expect(rule.references.length, rule.id).toBeGreaterThan(0);
      for (const ref of rule.references) expect(ref.url, rule.id).toMatch(/^https:\/\/[^\s]+$/);
      expect(rule.examples.pass.length * rule.examples.fail.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('asks little of a prototype: a handful of foundational rules', () => {
    const foundations = ruleSet.rules.filter((r) => r.level === 1).map((r) => r.id);
    expect(foundations.length).toBeGreaterThanOrEqual(5);
    expect(foundations.length).toBeLessThanOrEqual(12);
  });

  it('keeps levels monotone: what a lower profile needs, every higher profile needs too', () => {
    const inScope = (profile: keyof typeof PROFILE_TARGETS) => new Set(ruleSet.rules.filter((r) => r.level <= PROFILE_TARGETS[profile]).map((r) => r.id));
    const order = ['prototype', 'internal', 'production', 'critical'] as const;
    for (let i = 1; i < order.length; i++) {
      const lower = inScope(order[i - 1]!);
      const higher = inScope(order[i]!);
      expect([...lower].every((id) => higher.has(id)), order[i]).toBe(true);
    }
    expect(inScope('critical').size).toBe(ruleSet.rules.length);
  });

  it('has per-item rules for dependencies, datastores and large tables', () => {
    const lists = new Set(ruleSet.rules.map((r) => r.forEach).filter(Boolean));
    expect([...lists]).toEqual(expect.arrayContaining(['dependencies', 'datastores', 'migrations.large_tables']));
  });

  it('has docs/rules.md up to date (npm run docs:rules regenerates it)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')).toBe(renderRulesReference(ruleSet));
  });
});
