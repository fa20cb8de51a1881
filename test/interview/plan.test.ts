import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/interview/answers.js';
import { nextQuestion, planInterview, type Question } from '../../src/interview/plan.js';
import { CATEGORIES } from '../../src/rules/categories.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { TODAY } from '../helpers.js';

const ruleSet = loadRuleSet();
const plan = (answers: Answers) => planInterview(ruleSet, answers, { now: TODAY, defaultProfile: 'production' });
const keys = (answers: Answers) => plan(answers).map((q) => q.key);
const production = { 'project.profile': 'production', 'project.name': 'shop' } as const;

describe('the order of the interview', () => {
  it('asks the profile, the name, the business context, the lists, then each category in report order', () => {
    const questions = plan({ ...production, 'context.runtime': 'kubernetes' });
    expect(questions.slice(0, 2).map((q) => q.key)).toEqual(['project.profile', 'project.name']);
    const sections = [...new Set(questions.map((q) => q.section))];
    expect(sections.slice(0, 5)).toEqual(['Project', 'Business context', 'Dependencies', 'Datastores', 'Observability']);
    const categoryOrder: string[] = CATEGORIES.map((c) => c.title);
    const categories = sections.map((s) => s.split(' › ')[0]!).filter((s) => categoryOrder.includes(s));
    const firstSeen = [...new Set(categories)];
    expect(firstSeen).toEqual([...firstSeen].sort((a, b) => categoryOrder.indexOf(a) - categoryOrder.indexOf(b)));
  });

  it('asks what decides whether a rule applies before what the rule checks', () => {
    const security = keys(production).filter((k) => k.startsWith('security.'));
    expect(security).toContain('security.login'); // the deciding question, asked at all
    expect(security).toContain('security.login_protection');
    expect(security.indexOf('security.login')).toBeLessThan(security.indexOf('security.login_protection'));
    const resilience = keys(production).filter((k) => k.startsWith('resilience.'));
    expect(resilience[0]).toBe('resilience.queues');
  });

  it('says where the person is: the section and question n of m', () => {
    const answers = { ...production, 'context.stores_data': true };
    const next = nextQuestion(plan(answers), answers)!;
    expect(next.question.key).toBe('context.personal_data');
    expect(next.question.section).toBe('Business context');
    expect(next.number).toBe(4);
    expect(next.total).toBe(plan(answers).length);
  });

  it('gives every question the rules it feeds, the most fundamental first', () => {
    const stores = plan(production).find((q) => q.key === 'context.stores_data') as Extract<Question, { kind: 'fact' }>;
    expect(stores.rules[0]!.id).toBe('REC-001');
    for (const question of plan(production)) {
      if (question.kind === 'fact' || question.kind === 'add-item') expect(question.rules.length).toBeGreaterThan(0);
    }
  });
});

describe('only what the rules in scope need is asked', () => {
  it('a prototype is asked only what level-1 rules read', () => {
    expect(keys({ 'project.profile': 'prototype' })).toEqual([
      'project.profile', 'project.name',
      'context.stores_data', 'context.runtime',
      'datastores[0]',
      'observability.logs.unhandled_errors', 'observability.logs.destination',
      'security.secrets_in_repo', 'security.lockfile', 'security.parameterized_queries',
      'delivery.version_control',
      'operations.docs.readme',
    ]);
  });

  it('the profile decides the scope: critical asks more than production, production more than internal', () => {
    const count = (profile: string) => plan({ 'project.profile': profile }).length;
    expect(count('internal')).toBeLessThan(count('production'));
    expect(count('production')).toBeLessThan(count('critical'));
  });

  it('no datastores: no per-datastore, migration or backup questions', () => {
    const asked = keys({ ...production, 'context.stores_data': false, datastores: 0 });
    expect(asked.filter((k) => k.startsWith('datastores['))).toEqual(['datastores[0]']);
    expect(asked.filter((k) => k.startsWith('recovery.'))).toEqual([]);
    // MIG-013..016 iterate over large tables without requiring a datastore (see the report to
    // the lead): until the pack gates them, the large-tables list is the one migration question.
    expect(asked.filter((k) => k.startsWith('migrations.'))).toEqual([]);
  });

  it('a relational datastore brings the migration questions; a cache alone does not', () => {
    const withCache = { ...production, 'context.stores_data': true, 'datastores[0].name': 'sessions', 'datastores[0].engine': 'redis', datastores: 1 };
    const cacheOnly = keys(withCache);
    expect(cacheOnly).not.toContain('datastores[0].migration_tool');
    expect(cacheOnly).not.toContain('migrations.checksums_verified');
    const withDatabase = keys({ ...withCache, 'datastores[1].name': 'orders', 'datastores[1].engine': 'postgresql', datastores: 2 });
    expect(withDatabase).toContain('datastores[1].migration_tool');
    expect(withDatabase).toContain('migrations.checksums_verified');
    expect(withDatabase).toContain('migrations.statement_timeout_ms');
  });

  it("backups are asked per store holding primary data, not for a cache", () => {
    const asked = keys({
      ...production, 'context.stores_data': true, datastores: 2,
      'datastores[0].name': 'orders', 'datastores[0].primary_data': true,
      'datastores[1].name': 'sessions', 'datastores[1].primary_data': false,
    });
    expect(asked).toContain('datastores[0].backup');
    expect(asked).not.toContain('datastores[1].backup');
  });

  it('a question stays asked once answered, and its answer rules out what no longer applies', () => {
    const before = keys({ ...production, 'security.login': 'local_accounts' });
    expect(before).toContain('security.login_protection');
    const after = keys({ ...production, 'security.login': 'none' });
    expect(after).toContain('security.login');
    expect(after).not.toContain('security.login_protection');
  });

  it("don't know keeps the questions it might rule out", () => {
    const unknown = keys({ ...production, 'context.runtime': null });
    const desktop = keys({ ...production, 'context.runtime': 'desktop' });
    expect(unknown).toContain('load_testing.tool');
    expect(desktop).not.toContain('load_testing.tool');
  });
});

describe('per-item loops', () => {
  it('adds items one at a time, then asks each item its own questions', () => {
    const answers = {
      ...production, 'context.handles_money': true,
      'dependencies[0].name': 'payments', 'dependencies[1].name': 'mailer',
    };
    const questions = plan(answers);
    const steps = questions.filter((q) => q.kind === 'add-item' && q.list === 'dependencies');
    expect(steps.map((q) => q.key)).toEqual(['dependencies[0]', 'dependencies[1]', 'dependencies[2]']);
    const items = questions.filter((q) => q.kind === 'fact' && q.item?.list === 'dependencies');
    expect(items[0]!.section).toBe('Dependencies › payments (1 of 2)');
    // an item's own context (is it a hard dependency?) before the rest of its questions
    expect(items[0]!.key).toBe('dependencies[0].critical');
    const first = items.filter((q) => q.key.startsWith('dependencies[0].')).map((q) => q.key.split('.').at(-1));
    const second = items.filter((q) => q.key.startsWith('dependencies[1].')).map((q) => q.key.split('.').at(-1));
    expect(first).toEqual(second);
    expect(first).toEqual(expect.arrayContaining(['timeout_ms', 'retry_max_attempts', 'circuit_breaker', 'fallback']));
  });

  it('asks per-item questions only where the rule applies to that item', () => {
    const answers = {
      ...production, dependencies: 2,
      'dependencies[0].name': 'payments', 'dependencies[0].critical': true,
      'dependencies[1].name': 'mailer', 'dependencies[1].critical': false,
    };
    const asked = keys(answers);
    expect(asked).toContain('dependencies[0].circuit_breaker');
    expect(asked).not.toContain('dependencies[1].circuit_breaker');
  });

  it('every other list in scope is a loop too: large tables, endpoint groups, SLOs', () => {
    const asked = keys({ ...production, 'datastores[0].name': 'orders', 'datastores[0].engine': 'postgresql', datastores: 1 });
    expect(asked).toEqual(expect.arrayContaining(['migrations.large_tables[0]', 'security.endpoint_groups[0]', 'observability.slos[0]']));
    const withTable = keys({
      ...production, 'migrations.large_tables[0].name': 'payments', 'migrations.large_tables[0].rows': 5_000_000,
    });
    expect(withTable).toEqual(expect.arrayContaining(['migrations.large_tables[0].online_schema_change', 'migrations.large_tables[0].rehearsed']));
  });
});
