import { describe, expect, it } from 'vitest';
import { buildRuleSet, formatError, parseRulePack, ReadinessError } from '../../src/index.js';

const manifest = { file: 'pack/pack.yaml', text: 'name: custom\nversion: 1.0.0\n' };
const facts = `facts:
  dependencies: {type: list, question: Calls?}
  dependencies[].name: {type: string, question: Name?}
  dependencies[].timeout_ms: {type: integer, question: Timeout?}
  security.scanners: {type: set, choices: [sast, dast], question: Which?}
  security.reviewed: {type: date, question: When?}
`;

function rule(fields: string): string {
  return `category: security
rules:
  - id: SEC-001
    title: t
    level: 2
    severity: high
${fields}
    rationale: r
    remediation: r
    references: [{title: x, url: "https://example.org"}]
    examples: {pass: [{facts: {}}], fail: [{facts: {}}]}
`;
}

/** Loads a pack made of the given files and returns the error line, as the CLI prints it. */
function loadError(...files: string[]): string {
  try {
    const pack = parseRulePack('pack', manifest, files.map((text, i) => ({ text, file: `pack/f${i}.yaml` })));
    buildRuleSet([pack]);
  } catch (error) {
    if (error instanceof ReadinessError) return formatError(error).split('\n')[0]!;
    throw error;
  }
  throw new Error('expected the pack to be rejected');
}

const load = (...files: string[]) =>
  buildRuleSet([parseRulePack('pack', manifest, files.map((text, i) => ({ text, file: `pack/f${i}.yaml` })))]);

describe('a valid pack', () => {
  it('compiles checks and knows which facts each reads', () => {
    const set = load(facts, rule('    for_each: dependencies\n    check: item.timeout_ms > 0 && "sast" in security.scanners'));
    expect(set.rules[0]!.compiledCheck.reads).toEqual(['dependencies[].timeout_ms', 'security.scanners']);
    expect(set.packs).toEqual([{ name: 'custom', version: '1.0.0' }]);
  });

  it('does not take a macro\'s own variable for a fact', () => {
    const set = load(facts, rule('    check: \'["sast", "dast"].all(m, m in security.scanners)\''));
    expect(set.rules[0]!.compiledCheck.reads).toEqual(['security.scanners']);
  });

  it('offers days_between and now for dated facts', () => {
    const set = load(facts, rule('    check: days_between(security.reviewed, now) <= 90'));
    expect(set.rules[0]!.compiledCheck.reads).toEqual(['security.reviewed']);
  });
});

describe('a broken pack is one line naming the rule file and line', () => {
  it.each([
    ['an expression that does not parse', rule('    check: security.scanners ==='),
      'readiness: pack/f1.yaml:7:12: SEC-001 check: '],
    ['an unknown fact', rule('    check: security.scaners == []'),
      'readiness: pack/f1.yaml:7:12: SEC-001 check: No such key: scaners'],
    ['an expression of the wrong type', rule('    check: security.reviewed > 3'),
      'readiness: pack/f1.yaml:7:12: SEC-001 check: no such overload: google.protobuf.Timestamp > int'],
    ['a check that is not true/false', rule('    check: size(security.scanners)'),
      'readiness: pack/f1.yaml:7:12: SEC-001 check: must be a true/false expression, but its type is int'],
    ['for_each over something that is not a list', rule('    for_each: security.scanners\n    check: size(security.scanners) > 0'),
      'readiness: pack/f1.yaml:3:9: SEC-001: for_each names "security.scanners", which is not a list fact'],
    ['a regular expression that backtracks catastrophically', rule('    check: \'"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".matches("^(a+)+$")\''),
      'readiness: pack/f1.yaml:7:12: SEC-001 check: matches() is not allowed in rules: a regular expression can backtrack catastrophically'],
    ['a missing required field', 'category: security\nrules:\n  - id: SEC-001\n    title: t\n',
      'readiness: pack/f1.yaml:3:5: "rules.0" is missing the required key "level"'],
    ['a misspelt rule field', rule('    check: size(security.scanners) > 0\n    aplies_when: size(security.scanners) > 0'),
      'readiness: pack/f1.yaml:8:5: unknown key "aplies_when" in rules.0; did you mean "applies_when"?'],
    ['a list field of an undeclared list', 'facts:\n  endpoints[].auth: {type: boolean, question: q}\n',
      'readiness: pack/f1.yaml:2:3: fact "endpoints[].auth" is a field of "endpoints", which is not declared as a list'],
    ['an enum without choices', 'facts:\n  security.kind: {type: enum, question: q}\n',
      'readiness: pack/f1.yaml:2:3: fact "security.kind": type enum needs choices'],
  ])('%s', (_name, file, expected) => {
    expect(loadError(facts, file)).toContain(expected);
  });

  it('rejects a rule id used twice, naming the first place', () => {
    expect(loadError(facts, rule('    check: size(security.scanners) > 0'), rule('    check: size(security.scanners) > 0'))).toBe(
      'readiness: pack/f2.yaml:3:9: rule id SEC-001 is already used at pack/f1.yaml:3:9');
  });

  it('rejects a rule id used twice across packs', () => {
    const a = parseRulePack('a', manifest, [{ text: facts, file: 'a/facts.yaml' }, { text: rule('    check: size(security.scanners) > 0'), file: 'a/r.yaml' }]);
    const b = parseRulePack('b', { file: 'b/pack.yaml', text: 'name: other\nversion: 2.0.0\n' }, [{ text: rule('    check: size(security.scanners) > 0'), file: 'b/r.yaml' }]);
    expect(() => buildRuleSet([a, b])).toThrow('rule id SEC-001 is already used at a/r.yaml:3:9');
  });

  it('rejects a fact defined twice', () => {
    expect(loadError(facts, 'facts:\n  security.reviewed: {type: date, question: again}\n')).toBe(
      'readiness: pack/f1.yaml:2:3: fact "security.reviewed" is already defined at pack/f0.yaml:6:3');
  });

  it('rejects a pack manifest without a version', () => {
    expect(() => parseRulePack('p', { file: 'p/pack.yaml', text: 'name: p\n' }, [])).toThrow('missing the required key "version"');
  });
});
