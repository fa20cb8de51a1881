import { describe, expect, it } from 'vitest';
import { checkRuleExamples } from '../../src/engine/examples.js';
import { buildRuleSet, loadRuleSet, parseRulePack } from '../../src/index.js';

// The rule tester: every built-in rule runs against its own pass and fail examples.
const ruleSet = loadRuleSet();

describe('built-in rules behave as their examples say', () => {
  it.each(ruleSet.rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    expect(checkRuleExamples(ruleSet, [rule])).toEqual([]);
  });
});

describe('the rule tester itself', () => {
  const manifest = { file: 'p/pack.yaml', text: 'name: p\nversion: 1.0.0\n' };
  const pack = (examples: string) => buildRuleSet([parseRulePack('p', manifest, [{
    file: 'p/r.yaml',
    text: `category: security
facts:
  security.mfa: {type: boolean, question: MFA?}
rules:
  - id: SEC-001
    title: MFA
    level: 2
    severity: high
    check: security.mfa
    rationale: r
    remediation: r
    references: [{title: x, url: "https://example.org"}]
    examples:
${examples}`,
  }])]);

  it('reports an example whose outcome is not the one it claims', () => {
    const set = pack('      pass: [{facts: {security: {mfa: false}}}]\n      fail: [{facts: {security: {mfa: false}}}]\n');
    expect(checkRuleExamples(set)).toEqual([
      { ruleId: 'SEC-001', example: 'pass[0]', message: 'expected pass, got fail', where: 'p/r.yaml:5:9' },
    ]);
  });

  it('reports an example that leaves the rule unknown, naming the missing fact', () => {
    const set = pack('      pass: [{facts: {}}]\n      fail: [{facts: {security: {mfa: false}}}]\n');
    expect(checkRuleExamples(set)[0]!.message).toBe('expected pass, got unknown (missing: security.mfa)');
  });

  it('reports an example whose facts do not fit the definitions', () => {
    const set = pack('      pass: [{facts: {security: {mfa: true, mfaa: true}}}]\n      fail: [{facts: {security: {mfa: false}}}]\n');
    expect(checkRuleExamples(set)[0]!.message).toBe('facts do not fit the fact definitions: /security must NOT have additional properties "mfaa"');
  });

  it('refuses a rule without examples when the pack loads', () => {
    expect(() => pack('      pass: []\n      fail: [{facts: {security: {mfa: false}}}]\n')).toThrow('must NOT have fewer than 1 items');
  });
});
