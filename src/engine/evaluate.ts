import { valueAt, type FactSet, type Provenance } from '../facts/types.js';
import { parseDate } from '../dates.js';
import type { CompiledExpression } from '../rules/cel.js';
import type { CompiledRule, RuleSet } from '../rules/rule-set.js';
import type { AdjustedRule } from './adjust.js';
import type { FactDefinition } from '../rules/types.js';
import type { ItemEvaluation, RuleEvaluation, RuleStatus } from './types.js';

export interface EvaluationOptions {
  /** The audit's date, for rules about how recent something is. */
  now: Date;
}

// Most rules miss nothing: they share one frozen empty list rather than a portfolio holding
// hundreds of thousands of them.
const NOTHING_MISSING: string[] = Object.freeze([]) as unknown as string[];

/** Runs every rule of the set over one project's facts. Pure: same facts, same results. */
export function evaluateRules(ruleSet: RuleSet, facts: FactSet, options: EvaluationOptions): RuleEvaluation[] {
  const context = celContext(ruleSet, facts, options);
  // An undeclared fact makes CEL throw, and only the message is used: capturing a stack trace for
  // each was a fifth of a portfolio's evaluation. The limit is restored before returning.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return ruleSet.rules.map((rule) => evaluateWith(rule, context, facts));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Runs one rule: what the rule tester and `rules validate` use on a rule's examples. */
export function evaluateRule(ruleSet: RuleSet, rule: CompiledRule, facts: FactSet, options: EvaluationOptions): RuleEvaluation {
  return evaluateWith(rule, celContext(ruleSet, facts, options), facts);
}

function celContext(ruleSet: RuleSet, facts: FactSet, options: EvaluationOptions): Record<string, unknown> {
  return { ...(toCelValues(facts.values, '', ruleSet.facts) as Record<string, unknown>), now: options.now };
}

function evaluateWith(rule: AdjustedRule, context: Record<string, unknown>, facts: FactSet): RuleEvaluation {
  if (rule.adjustment?.disabled) {
    return { ruleId: rule.id, status: 'not_applicable', missing: NOTHING_MISSING, reason: `disabled in the manifest: ${rule.adjustment.reason}` };
  }
  return rule.forEach ? evaluatePerItem(rule, context, facts) : evaluateOnce(rule, context, facts);
}

type Outcome = { status: 'pass' | 'fail' | 'not_applicable' } | { status: 'unknown'; missing: string[]; reason?: string };

// The settled outcomes are shared: a portfolio decides hundreds of thousands of them.
const PASS: Outcome = Object.freeze({ status: 'pass' });
const FAIL: Outcome = Object.freeze({ status: 'fail' });
const NOT_APPLICABLE: Outcome = Object.freeze({ status: 'not_applicable' });

function evaluateOnce(rule: CompiledRule, context: Record<string, unknown>, facts: FactSet): RuleEvaluation {
  const outcome = decide(rule, context);
  return withOutcome({ ruleId: rule.id, missing: NOTHING_MISSING, location: locate(rule, facts) }, outcome, rule);
}

function evaluatePerItem(rule: CompiledRule, context: Record<string, unknown>, facts: FactSet): RuleEvaluation {
  const listPath = rule.forEach!;
  const list = valueAt(context, listPath.split('.'));
  if (!Array.isArray(list)) {
    return { ruleId: rule.id, status: 'unknown', missing: [listPath], reason: `${listPath} is not declared`, location: facts.provenance[listPath] };
  }
  if (list.length === 0) {
    return { ruleId: rule.id, status: 'not_applicable', missing: NOTHING_MISSING, reason: `no ${listPath} declared`, location: facts.provenance[listPath] };
  }
  const itemContext: Record<string, unknown> = { ...context, item: undefined }; // one copy for the list, not one per item
  const items: ItemEvaluation[] = list.map((item, index) => {
    const name = String((item as { name?: unknown }).name ?? `#${index + 1}`);
    itemContext.item = item;
    const outcome = decide(rule, itemContext, name);
    const prefix = `${listPath}[${index}]`;
    return withOutcome({ name, missing: NOTHING_MISSING, location: locate(rule, facts, prefix) }, outcome, rule);
  });
  return { ruleId: rule.id, status: aggregate(items.map((i) => i.status)), missing: nonEmptyOrShared(items.flatMap((i) => i.missing)), items, location: facts.provenance[listPath] };
}

/** A per-item rule fails if any item fails; otherwise it is as undecided as its least-known item. */
export function aggregate(statuses: RuleStatus[]): RuleStatus {
  const order: RuleStatus[] = ['fail', 'unknown', 'waived', 'pass', 'not_applicable'];
  return order.find((s) => statuses.includes(s)) ?? 'not_applicable';
}

/** `base` given its status, in place: it is always a literal the caller has just made. */
function withOutcome<T extends { missing: string[]; reason?: string }>(base: T, outcome: Outcome, rule: CompiledRule): T & { status: RuleStatus } {
  const result = base as T & { status: RuleStatus };
  result.status = outcome.status;
  if (outcome.status === 'unknown') {
    result.missing = outcome.missing;
    if (outcome.reason) result.reason = outcome.reason;
  } else if (outcome.status === 'not_applicable') {
    result.reason = `applies only when ${rule.appliesWhen}`;
  }
  return result;
}

/** `context` holds the facts as CEL sees them, and `item` too for a per-item rule (named `itemName`). */
function decide(rule: CompiledRule, context: Record<string, unknown>, itemName?: string): Outcome {
  if (rule.compiledAppliesWhen) {
    const applies = run(rule.compiledAppliesWhen, context, itemName);
    if (applies.status !== 'pass') return applies.status === 'fail' ? NOT_APPLICABLE : applies;
  }
  return run(rule.compiledCheck, context, itemName);
}

function run(expression: CompiledExpression, context: Record<string, unknown>, itemName?: string): Outcome {
  try {
    return expression.evaluate(context) === true ? PASS : FAIL;
  } catch (error) {
    // CEL's && and || already absorb an undecidable side when the other settles the answer,
    // so an error here means the project has not declared something the rule needs.
    const missing = missingFacts(expression.reads, context, itemName);
    return missing.length > 0
      ? { status: 'unknown', missing }
      : { status: 'unknown', missing, reason: `cannot evaluate: ${String((error as Error).message).split('\n')[0]}` };
  }
}

// The CEL values keep every declared key (nulls were dropped before), so what is undefined there
// is what the manifest left out.
function missingFacts(reads: string[], context: Record<string, unknown>, itemName?: string): string[] {
  const missing: string[] = [];
  for (const path of reads) {
    const at = path.indexOf('[].');
    if (at >= 0) {
      if (itemName !== undefined && valueAt(context.item, path.slice(at + 3).split('.')) === undefined) {
        missing.push(`${path.slice(0, at)}[${itemName}].${path.slice(at + 3)}`);
      }
    } else if (valueAt(context, path.split('.')) === undefined) {
      missing.push(path);
    }
  }
  return nonEmptyOrShared(missing);
}

function nonEmptyOrShared(missing: string[]): string[] {
  return missing.length > 0 ? missing : NOTHING_MISSING;
}

/**
 * Where a finding points in the manifest: the first fact its check reads that exists, else the
 * item it concerns, else a fact of its applies_when, else the nearest declared section.
 */
function locate(rule: CompiledRule, facts: FactSet, itemPrefix?: string): Provenance | undefined {
  const concrete = (read: string) =>
    itemPrefix && read.startsWith(`${rule.forEach}[].`) ? `${itemPrefix}.${read.slice(rule.forEach!.length + 3)}` : read;
  const checkReads = rule.compiledCheck.reads;
  const appliesReads = rule.compiledAppliesWhen?.reads ?? [];
  for (const read of checkReads) {
    const found = facts.provenance[concrete(read)];
    if (found) return found;
  }
  if (itemPrefix && facts.provenance[itemPrefix]) return facts.provenance[itemPrefix];
  for (const read of appliesReads) {
    const found = facts.provenance[concrete(read)];
    if (found) return found;
  }
  for (const read of [...checkReads, ...appliesReads]) {
    const segments = concrete(read).split('.');
    for (let n = segments.length - 1; n > 0; n--) {
      const found = facts.provenance[segments.slice(0, n).join('.')];
      if (found) return found;
    }
  }
  return undefined;
}

/** CEL wants ints as BigInt and dates as timestamps; the manifest gives numbers and strings. */
function toCelValues(value: unknown, path: string, facts: ReadonlyMap<string, FactDefinition>): unknown {
  if (Array.isArray(value)) {
    const type = facts.get(path)?.type;
    return type === 'list' ? value.map((item) => toCelValues(item, `${path}[]`, facts)) : value;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = toCelValues(child, path ? `${path}.${key}` : key, facts);
    return out;
  }
  const type = facts.get(path)?.type;
  if (type === 'integer' && typeof value === 'number') return BigInt(Math.trunc(value));
  if (type === 'date' && typeof value === 'string') return parseDate(value) ?? value;
  return value;
}
