import { formatPosition } from '../errors.js';
import { parseDate } from '../dates.js';
import { manifestValidator } from '../manifest/load-manifest.js';
import type { CompiledRule, RuleSet } from '../rules/rule-set.js';
import type { Validator } from '../source/schema-check.js';
import { evaluateRule } from './evaluate.js';
import type { RuleStatus } from './types.js';

export interface ExampleProblem {
  ruleId: string;
  example: string;
  message: string;
  where: string;
}

// Examples without a date are judged on a fixed day, so that they never go stale.
const DEFAULT_EXAMPLE_DATE = '2026-01-15';

/**
 * Runs every rule against its own examples, as ESLint's RuleTester does: each `pass` example
 * must pass and each `fail` example must fail. Examples are validated like a manifest first,
 * so an example cannot pass by misspelling a fact.
 */
export function checkRuleExamples(ruleSet: RuleSet, rules: readonly CompiledRule[] = ruleSet.rules): ExampleProblem[] {
  const validate = manifestValidator(ruleSet);
  return rules.flatMap((rule) => [
    ...rule.examples.pass.map((example, i) => check(ruleSet, validate, rule, example, `pass[${i}]`, 'pass')),
    ...rule.examples.fail.map((example, i) => check(ruleSet, validate, rule, example, `fail[${i}]`, 'fail')),
  ].filter((p): p is ExampleProblem => p !== undefined));
}

function check(ruleSet: RuleSet, validate: Validator, rule: CompiledRule, example: CompiledRule['examples']['pass'][number], name: string, expected: RuleStatus): ExampleProblem | undefined {
  const problem = (message: string) => ({ ruleId: rule.id, example: name, message, where: formatPosition(rule.source) });
  const document = { version: 1, project: { name: 'example', profile: 'critical' }, ...example.facts };
  if (!validate(document)) {
    const error = validate.errors![0]!;
    return problem(`facts do not fit the fact definitions: ${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` "${error.params.additionalProperty}"` : ''}`);
  }
  const now = parseDate(example.now ?? DEFAULT_EXAMPLE_DATE);
  if (!now) return problem(`now: "${example.now}" is not a date`);
  const result = evaluateRule(ruleSet, rule, { values: example.facts, provenance: {} }, { now });
  if (result.status === expected) return undefined;
  const why = result.missing.length ? ` (missing: ${result.missing.join(', ')})` : result.reason ? ` (${result.reason})` : '';
  return problem(`expected ${expected}, got ${result.status}${why}`);
}
