import type { AdjustedRule } from '../engine/adjust.js';
import { isOpen, type RuleStatus } from '../engine/types.js';
import type { WaivedEvaluation, WaiverOutcome } from '../engine/waivers.js';
import type { Manifest, Profile } from '../manifest/types.js';
import { CATEGORIES, categoryRank } from '../rules/categories.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { Level } from '../rules/types.js';
import { planActions } from './action-plan.js';
import type { Assessment, CategoryScore, RuleResult } from './assessment.js';
import { itemCounts, LEVEL_NAMES, levelName, PROFILE_TARGETS, SCORING_FORMULA, SEVERITY_WEIGHTS } from './model.js';
import { compareText } from '../compare.js';

export interface ScoringInput {
  ruleSet: RuleSet;
  manifest: Pick<Manifest, 'file' | 'project'>;
  results: WaivedEvaluation[];
  waivers: WaiverOutcome[];
  now: Date;
  toolVersion: string;
  /** `--profile`: audit against another profile than the manifest's. */
  profile?: Profile;
}

const byRuleSet = new WeakMap<RuleSet, Map<string, RuleSet['rules'][number]>>();

/** A rule set's rules by id, made once per rule set: a portfolio scores many projects against one. */
function rulesById(ruleSet: RuleSet): Map<string, RuleSet['rules'][number]> {
  let rules = byRuleSet.get(ruleSet);
  if (!rules) byRuleSet.set(ruleSet, (rules = new Map(ruleSet.rules.map((r) => [r.id, r]))));
  return rules;
}

/** Turns rule outcomes into the assessment every renderer reads. */
export function scoreAssessment(input: ScoringInput): Assessment {
  const profile = input.profile ?? input.manifest.project.profile;
  const target = PROFILE_TARGETS[profile];
  const rules = rulesById(input.ruleSet);
  // in report order: by category, then id (each rule looked up and ranked once, not per comparison)
  const ordered = input.results.map((evaluation) => {
    const rule = rules.get(evaluation.ruleId)!;
    return { evaluation, rule, rank: categoryRank(rule.category) };
  }).sort((a, b) => a.rank - b.rank || compareText(a.rule.id, b.rule.id));
  const results: RuleResult[] = ordered.map(({ evaluation, rule }) => {
    const weight = SEVERITY_WEIGHTS[rule.severity];
    const inScope = rule.level <= target && evaluation.evaluatedStatus !== 'not_applicable';
    const result: RuleResult = {
      id: rule.id, title: rule.title, category: rule.category, level: rule.level, severity: rule.severity, pack: rule.pack,
      status: evaluation.status, evaluatedStatus: evaluation.evaluatedStatus, inScope,
      missing: evaluation.missing, weight, earned: 0, possible: 0,
      rationale: rule.rationale, remediation: rule.remediation, references: rule.references,
    };
    if (evaluation.reason) result.reason = evaluation.reason;
    if (evaluation.items) result.items = evaluation.items;
    if (evaluation.location) result.location = evaluation.location;
    if (evaluation.waiver) result.waiver = evaluation.waiver;
    if (rule.levelReason) result.levelReason = rule.levelReason;
    if ((rule as AdjustedRule).adjustment) result.adjustment = (rule as AdjustedRule).adjustment!;
    if (inScope) {
      const { earned, possible } = points(result, false);
      result.earned = earned;
      result.possible = possible;
    }
    return result;
  });
  const total = sum(results, (r) => r.possible);
  if (total === 0 && !results.some((r) => r.inScope && r.status === 'waived')) {
    throw new NothingInScopeError(profile);
  }
  const withoutWaivers = results.filter((r) => r.inScope).map((r) => points(r, true));
  const achieved = achievedLevel(results);
  const nextLevel = achieved < 4 ? (achieved + 1) as Level : null;
  return {
    reportVersion: 1,
    tool: { name: 'readiness', version: input.toolVersion },
    generatedAt: input.now.toISOString(),
    manifest: input.manifest.file,
    project: { ...input.manifest.project, profile },
    profileOverridden: input.profile !== undefined && input.profile !== input.manifest.project.profile,
    target: { level: target, name: LEVEL_NAMES[target] },
    achieved: { level: achieved, name: levelName(achieved) },
    score: percent(sum(results, (r) => r.earned), total),
    scoreWithoutWaivers: percent(sum(withoutWaivers, (p) => p.earned), sum(withoutWaivers, (p) => p.possible)),
    coverage: coverage(results),
    nextLevel: nextLevel && {
      level: nextLevel,
      blockers: results.filter((r) => r.level === nextLevel && isOpen(r.status)).map((r) => ({ ruleId: r.id, title: r.title, status: r.status })),
    },
    categories: CATEGORIES.map((c) => categoryScore(c.id, c.title, results.filter((r) => r.category === c.id))),
    actionPlan: planActions(results, achieved, target, total),
    results,
    waivers: input.waivers,
    packs: input.ruleSet.packs,
    scoring: { formula: SCORING_FORMULA, weights: SEVERITY_WEIGHTS, levels: LEVEL_NAMES, targets: PROFILE_TARGETS },
  };
}

/** Raised when no rule is in scope: an audit that evaluates nothing must not look like a pass. */
export class NothingInScopeError extends Error {
  constructor(readonly profile: string) {
    super(`no rule applies to this project at the ${profile} profile's target level, so there is nothing to score`);
  }
}


/** Points of one in-scope rule; a per-item rule earns the share of its counted items that pass. */
function points(result: RuleResult, ignoreWaivers: boolean): { earned: number; possible: number } {
  const status = ignoreWaivers ? result.evaluatedStatus : result.status;
  if (!result.items) {
    if (status === 'waived' || status === 'not_applicable') return { earned: 0, possible: 0 };
    return { earned: status === 'pass' ? result.weight : 0, possible: result.weight };
  }
  const counted = result.items.filter((i) => itemCounts(i.status, ignoreWaivers));
  if (counted.length === 0) return { earned: 0, possible: 0 };
  const passed = counted.filter((i) => i.status === 'pass').length;
  return { earned: (result.weight * passed) / counted.length, possible: result.weight };
}

function achievedLevel(results: RuleResult[]): number {
  let level = 0;
  for (const next of [1, 2, 3, 4] as const) {
    if (results.some((r) => r.level === next && isOpen(r.status))) break;
    level = next;
  }
  return level;
}

/** Share of in-scope rules whose facts were answered; a per-item rule counts its answered items. */
function coverage(results: RuleResult[]): number {
  const inScope = results.filter((r) => r.inScope);
  if (inScope.length === 0) return 0;
  const answered = sum(inScope, (r) => {
    if (!r.items) return r.evaluatedStatus === 'unknown' ? 0 : 1;
    const items = r.items.filter((i) => i.status !== 'not_applicable');
    return items.length === 0 ? 1 : items.filter((i) => i.missing.length === 0 && i.status !== 'unknown').length / items.length;
  });
  return percent(answered, inScope.length);
}

function categoryScore(id: string, title: string, results: RuleResult[]): CategoryScore {
  const inScope = results.filter((r) => r.inScope);
  const count = (status: RuleStatus) => inScope.filter((r) => r.status === status).length;
  const possible = sum(inScope, (r) => r.possible);
  return {
    id, title,
    score: possible === 0 ? null : percent(sum(inScope, (r) => r.earned), possible),
    pass: count('pass'), fail: count('fail'), unknown: count('unknown'), waived: count('waived'),
    notApplicable: results.filter((r) => r.evaluatedStatus === 'not_applicable').length,
    beyondTarget: results.filter((r) => !r.inScope && r.evaluatedStatus !== 'not_applicable').length,
  };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10;
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
