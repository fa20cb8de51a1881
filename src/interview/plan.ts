import { evaluateRule } from '../engine/evaluate.js';
import type { Profile } from '../manifest/types.js';
import { CATEGORIES, categoryRank, sectionRank } from '../rules/categories.js';
import type { CompiledRule, RuleSet } from '../rules/rule-set.js';
import type { FactDefinition } from '../rules/types.js';
import { PROFILE_TARGETS, SEVERITIES } from '../scoring/model.js';
import { itemKey, itemNames, knownValues, withoutAnswer, type Answers } from './answers.js';
import { valueAt } from '../facts/types.js';

/** Which item of a list a per-item question is about. */
export interface ItemRef {
  list: string;
  index: number;
  name: string;
}

/**
 * One question of the interview. `key` is the answer it gives (see `Answers`); `rules` are the
 * rules in scope that its answer feeds: why it is asked.
 */
export type Question =
  | { kind: 'profile'; key: 'project.profile'; section: string }
  | { kind: 'name'; key: 'project.name'; section: string }
  | { kind: 'fact'; key: string; section: string; fact: FactDefinition; rules: CompiledRule[]; item?: ItemRef }
  /** Add the `index`-th item of a list, or say there are no more. */
  | { kind: 'add-item'; key: string; section: string; fact: FactDefinition; list: string; index: number; listed: string[]; rules: CompiledRule[] };

export interface PlanOptions {
  /** The day dated facts are judged against, as in the audit. */
  now: Date;
  /** The profile assumed until the profile question is answered. */
  defaultProfile: Profile;
}

/** A rule in scope with the facts it reads: `gates` decide whether it applies. */
interface ScopedRule {
  rule: CompiledRule;
  gates: string[];
  reads: string[];
}

const PROJECT_SECTION = 'Project';
const CONTEXT_SECTION = 'Business context';

/**
 * Every question the interview asks, in order, given the answers so far: the profile, the
 * project's name, the business context, its lists and their items, then each category. A fact
 * is asked only when a rule within the profile's target reads it and that rule may still apply
 * (its `applies_when` is not already false without this very answer), so a project with no
 * datastore is never asked about migrations. Pure: answering a question and planning again
 * gives the rest.
 */
export function planInterview(ruleSet: RuleSet, answers: Answers, options: PlanOptions): Question[] {
  return interviewPlanner(ruleSet, options)(answers);
}

/**
 * `planInterview` for a whole interview: the plan is made again after every answer, and
 * remembering which rules apply to which facts keeps that well under a millisecond or two.
 */
export function interviewPlanner(ruleSet: RuleSet, options: PlanOptions): (answers: Answers) => Question[] {
  const memo = new Map<string, Applies>();
  const scoped = new Map(ruleSet.rules.map((rule) => [rule, scopedRule(rule, ruleSet.facts)]));
  return (answers) => planWith(ruleSet, answers, options, (rule) => scoped.get(rule)!, memo);
}

function planWith(ruleSet: RuleSet, answers: Answers, options: PlanOptions, scopedOf: (rule: CompiledRule) => ScopedRule, memo: Map<string, Applies>): Question[] {
  const profile = (answers['project.profile'] as Profile | undefined) ?? options.defaultProfile;
  const scope = ruleSet.rules
    .filter((rule) => rule.level <= PROFILE_TARGETS[profile])
    .map(scopedOf)
    .sort((a, b) => categoryRank(a.rule.category) - categoryRank(b.rule.category));
  const mayApply = applicability(ruleSet, answers, options.now, memo);
  const feeds = (path: string, key: string, item?: { list: string; index: number }) =>
    scope.filter((s) => s.reads.includes(path) && mayApply(s, path, key, item)).map((s) => s.rule).sort(byImportance);

  const questions: Question[] = [
    { kind: 'profile', key: 'project.profile', section: PROJECT_SECTION },
    { kind: 'name', key: 'project.name', section: PROJECT_SECTION },
  ];
  const askFact = (fact: FactDefinition, section: string) => {
    const rules = feeds(fact.path, fact.path);
    if (rules.length > 0) questions.push({ kind: 'fact', key: fact.path, section, fact, rules });
  };
  const askList = (list: FactDefinition, title: string) => {
    const rules = feeds(list.path, list.path);
    if (rules.length === 0) return;
    const names = itemNames(answers, list.path);
    for (let index = 0; index <= names.length; index++) {
      questions.push({ kind: 'add-item', key: itemKey(list.path, index), section: title, fact: list, list: list.path, index, listed: names.slice(0, index), rules });
    }
    const fields = readOrder(scope).filter((p) => p.startsWith(`${list.path}[].`) && !p.slice(list.path.length + 3).includes('[]') && p !== `${list.path}[].name`);
    names.forEach((name, index) => {
      const item = { list: list.path, index, name };
      for (const path of fields) {
        const key = itemKey(list.path, index, path.slice(list.path.length + 3));
        const rules = feeds(path, key, item);
        const fact = ruleSet.facts.get(path)!;
        if (rules.length > 0) questions.push({ kind: 'fact', key, section: `${title} › ${name} (${index + 1} of ${names.length})`, fact, rules, item });
      }
    });
  };

  const facts = [...ruleSet.facts.values()];
  for (const fact of facts.filter((f) => rootOf(f.path) === 'context' && !f.path.includes('[]'))) {
    if (fact.type === 'list') askList(fact, `${CONTEXT_SECTION} › ${listTitle(fact.path)}`);
    else askFact(fact, CONTEXT_SECTION);
  }
  for (const list of facts.filter((f) => f.type === 'list' && f.path === rootOf(f.path))) askList(list, listTitle(list.path));
  const units = unitsInOrder(readOrder(scope), ruleSet.facts);
  const sections = [...new Set(units.map(rootOf))].filter((s) => s !== 'context' && !units.includes(s));
  sections.sort((a, b) => sectionRank(a) - sectionRank(b));
  for (const section of sections) {
    const title = CATEGORIES.find((c) => c.section === section)?.title ?? listTitle(section);
    for (const unit of units.filter((u) => rootOf(u) === section)) {
      const fact = ruleSet.facts.get(unit)!;
      if (fact.type === 'list') askList(fact, `${title} › ${listTitle(unit)}`);
      else askFact(fact, title);
    }
  }
  return questions;
}

/** Whether the answers settle a question, so the interview moves past it. */
export function isAnswered(question: Question, answers: Answers): boolean {
  if (question.kind === 'add-item') {
    return question.list in answers || itemKey(question.list, question.index, 'name') in answers;
  }
  return question.key in answers;
}

/** The next question to ask and its place in the plan ("question n of m"), or undefined when done. */
export function nextQuestion(plan: readonly Question[], answers: Answers): { question: Question; number: number; total: number } | undefined {
  const index = plan.findIndex((q) => !isAnswered(q, answers));
  return index < 0 ? undefined : { question: plan[index]!, number: index + 1, total: plan.length };
}

/** Whether a rule applies at all, and to each item of its list: all a plan needs of an evaluation. */
interface Applies {
  rule: boolean;
  items?: boolean[];
}

/**
 * Whether a rule may still apply to the question's answer: judged without that answer (a
 * question never rules itself out), and for a list's question as if it had one item nobody
 * has described yet. Per-item rules are judged for the item asked about. A rule is evaluated
 * again only when the facts that decide whether it applies have changed.
 */
function applicability(ruleSet: RuleSet, answers: Answers, now: Date, memo: Map<string, Applies>) {
  const valuesWithout = new Map<string, Record<string, unknown>>();
  const without = (key: string, isList: boolean) => {
    if (!valuesWithout.has(key)) {
      // a list is judged as if it had one item that nobody has described yet
      const given = isList ? { ...withoutAnswer(answers, key), [itemKey(key, 0, 'name')]: '(new item)' } : withoutAnswer(answers, key);
      valuesWithout.set(key, knownValues(given, ruleSet.facts));
    }
    return valuesWithout.get(key)!;
  };
  const all = knownValues(answers, ruleSet.facts);
  const judge = ({ rule, gates }: ScopedRule, values: Record<string, unknown>): Applies => {
    const memoKey = `${rule.id} ${JSON.stringify(gates.map((gate) => valueAt(values, gate.split('[]')[0]!.split('.'))))}`;
    let applies = memo.get(memoKey);
    if (!applies) {
      const evaluation = evaluateRule(ruleSet, rule, { values, provenance: {} }, { now });
      applies = { rule: evaluation.status !== 'not_applicable', ...(evaluation.items && { items: evaluation.items.map((i) => i.status !== 'not_applicable') }) };
      memo.set(memoKey, applies);
    }
    return applies;
  };
  return (scopedRule: ScopedRule, path: string, key: string, item?: { list: string; index: number }): boolean => {
    // without applies_when or for_each a rule always applies
    if (scopedRule.gates.length === 0) return true;
    const isList = ruleSet.facts.get(path)?.type === 'list';
    const applies = judge(scopedRule, isList || scopedRule.gates.includes(path) ? without(key, isList) : all);
    return item && scopedRule.rule.forEach === item.list ? applies.items?.[item.index] ?? applies.rule : applies.rule;
  };
}

function scopedRule(rule: CompiledRule, facts: ReadonlyMap<string, FactDefinition>): ScopedRule {
  const applies = factReads(rule.compiledAppliesWhen?.reads ?? [], facts);
  const gates = [...applies, ...(rule.forEach ? [rule.forEach] : [])];
  return { rule, gates, reads: [...new Set([...gates, ...factReads(rule.compiledCheck.reads, facts)])] };
}

/**
 * The fact paths among an expression's reads. A comprehension's variable (`d.engine` in
 * `datastores.exists(d, d.engine == 'postgresql')`) reads the field of the list it ranges over.
 */
function factReads(reads: readonly string[], facts: ReadonlyMap<string, FactDefinition>): string[] {
  const known = reads.filter((r) => facts.has(r));
  const lists = known.filter((r) => facts.get(r)!.type === 'list');
  const throughVariables = reads
    .filter((r) => !facts.has(r) && r.includes('.'))
    .flatMap((r) => lists.map((list) => `${list}[].${r.slice(r.indexOf('.') + 1)}`))
    .filter((path) => facts.has(path));
  return [...new Set([...known, ...throughVariables])];
}

/**
 * The facts the rules in scope read, in the order to ask them: what decides whether rules
 * apply first, then what the rules check, each in rule order.
 */
function readOrder(scope: readonly ScopedRule[]): string[] {
  const gates = scope.flatMap((s) => s.gates.filter((g) => g !== s.rule.forEach));
  return [...new Set([...gates, ...scope.flatMap((s) => s.reads)])];
}

/** Fact paths folded into what is asked as one unit: a list with its items' fields. */
function unitsInOrder(paths: readonly string[], facts: ReadonlyMap<string, FactDefinition>): string[] {
  const units = paths.map((p) => (p.includes('[]') ? p.slice(0, p.indexOf('[]')) : p)).filter((u) => facts.has(u));
  return [...new Set(units)];
}

/** The rules a question feeds, most fundamental first: the lowest level, then the gravest. */
function byImportance(a: CompiledRule, b: CompiledRule): number {
  return a.level - b.level || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
}

function rootOf(path: string): string {
  return path.split(/[.[]/)[0]!;
}


/** `large_tables` → "Large tables", `slos` → "SLOs". */
export function listTitle(path: string): string {
  const words = path.split('.').at(-1)!.split('_').map((w) => (w.length <= 4 && w.endsWith('s') ? `${w.slice(0, -1).toUpperCase()}s` : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
