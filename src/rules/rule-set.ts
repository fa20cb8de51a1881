import { ReadinessError, formatPosition, type SourcePosition } from '../errors.js';
import { compileExpression, createCelEnvironments, CelCompileError, type CompiledExpression } from './cel.js';
import type { Validator } from '../source/schema-check.js';
import type { FactDefinition, PackInfo, Rule, RulePack } from './types.js';

export interface CompiledRule extends Rule {
  compiledCheck: CompiledExpression;
  compiledAppliesWhen?: CompiledExpression;
}

/** Everything an audit needs from the packs: their facts, their rules, compiled and checked. */
export interface RuleSet {
  packs: PackInfo[];
  facts: ReadonlyMap<string, FactDefinition>;
  rules: CompiledRule[];
  /** A validator of the manifest compiled ahead of time for exactly these facts, when there is one. */
  manifestValidator?: Validator;
}

/** What type-checking a rule's expressions found: the facts each reads. */
export interface CheckedReads {
  check: string[];
  appliesWhen?: string[];
}

/**
 * Joins packs into one rule set and checks it as a whole: no fact or rule id defined twice,
 * every list field belongs to a declared list, every expression type-checks against the facts.
 * `checked` holds rules whose expressions were already checked when the built-in snapshot was
 * made (and cannot have changed since, or the snapshot would not be used): they are only parsed.
 */
export function buildRuleSet(packs: readonly RulePack[], checked: ReadonlyMap<Rule, CheckedReads> = new Map()): RuleSet {
  const facts = collectFacts(packs);
  const envs = createCelEnvironments(facts);
  const seen = new Map<string, Rule>();
  const rules: CompiledRule[] = [];
  // An expression is parsed once per environment: the built-in pack's 280 are 205 distinct.
  const compiledByText = new Map<string, CompiledExpression>();
  for (const rule of packs.flatMap((p) => p.rules)) {
    const earlier = seen.get(rule.id);
    if (earlier) fail(`rule id ${rule.id} is already used at ${formatPosition(earlier.source)}`, rule.source);
    seen.set(rule.id, rule);
    if (rule.forEach !== undefined && facts.get(rule.forEach)?.type !== 'list') {
      fail(`${rule.id}: for_each names "${rule.forEach}", which is not a list fact`, rule.source,
        'declare it with type: list, or use one of: ' + listPaths(facts).join(', '));
    }
    const env = rule.forEach ? envs.forList(rule.forEach) : envs.base;
    const known = checked.get(rule);
    const compile = (expression: string, where: SourcePosition, field: string, reads?: string[]) => {
      const key = `${rule.forEach ?? ''}\0${expression}`;
      try {
        return compiledByText.get(key) ?? compiledByText.set(key, compileExpression(env, expression, rule.forEach, reads)).get(key)!;
      } catch (error) {
        if (!(error instanceof CelCompileError)) throw error;
        const snippet = error.offset !== undefined ? expression.slice(error.offset, error.offset + 24) : '';
        const token = snippet.match(/^[\w.]+/)?.[0] ?? snippet;
        const near = snippet && !error.message.includes(token) ? ` (near "${snippet}")` : '';
        return fail(`${rule.id} ${field}: ${error.message}${near}`, where);
      }
    };
    const compiled: CompiledRule = { ...rule, compiledCheck: compile(rule.check, rule.checkSource, 'check', known?.check) };
    if (rule.appliesWhen !== undefined) {
      compiled.compiledAppliesWhen = compile(rule.appliesWhen, rule.appliesWhenSource ?? rule.source, 'applies_when', known?.appliesWhen);
    }
    rules.push(compiled);
  }
  return { packs: packs.map(({ name, version, description }) => ({ name, version, ...(description ? { description } : {}) })), facts, rules };
}

function collectFacts(packs: readonly RulePack[]): Map<string, FactDefinition> {
  const facts = new Map<string, FactDefinition>();
  for (const fact of packs.flatMap((p) => p.facts)) {
    const earlier = facts.get(fact.path);
    if (earlier) fail(`fact "${fact.path}" is already defined at ${formatPosition(earlier.source)}`, fact.source);
    const hasChoices = fact.choices !== undefined;
    if ((fact.type === 'enum' || fact.type === 'set') !== hasChoices) {
      fail(`fact "${fact.path}": ${hasChoices ? `choices only go with type enum or set` : `type ${fact.type} needs choices`}`, fact.source);
    }
    facts.set(fact.path, fact);
  }
  for (const fact of facts.values()) {
    const list = fact.path.includes('[]') ? fact.path.slice(0, fact.path.lastIndexOf('[]')) : undefined;
    if (list !== undefined && facts.get(list)?.type !== 'list') {
      fail(`fact "${fact.path}" is a field of "${list}", which is not declared as a list`, fact.source);
    }
    if (fact.type === 'list' && !facts.has(`${fact.path}[].name`)) {
      fail(`list "${fact.path}" needs a "${fact.path}[].name" field: findings name the item`, fact.source);
    }
  }
  return facts;
}

function listPaths(facts: ReadonlyMap<string, FactDefinition>): string[] {
  return [...facts.values()].filter((f) => f.type === 'list').map((f) => f.path);
}

function fail(message: string, where: SourcePosition, hint?: string): never {
  throw new ReadinessError('rules', message, where, hint);
}
