import type { ActionItem, Assessment, CategoryScore, RuleResult } from '../scoring/assessment.js';
import { firstSentence } from '../scoring/action-plan.js';
import { SEVERITIES } from '../scoring/model.js';
import { compareText } from '../compare.js';
import { isOpen } from '../engine/types.js';

/** A category's findings as a report lists them: what is open within the target, what is waived, what lies beyond. */
export interface CategoryFindings {
  category: CategoryScore;
  open: RuleResult[];
  waived: RuleResult[];
  beyondTarget: RuleResult[];
}

/** One of the few risks an executive summary names, in plain words. */
export interface Risk {
  result: RuleResult;
  /** "Not in place for payment-gateway." or "Not answered, so it counts as not in place." */
  statement: string;
  /** Why it matters: the first sentence of the rule's rationale. */
  why: string;
}

/** Most serious first: severity, then a known failure before a missing answer, then the weight lost, then the lower level. */
export function bySeriousness(a: RuleResult, b: RuleResult): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    Number(a.status === 'unknown') - Number(b.status === 'unknown') ||
    (b.possible - b.earned) - (a.possible - a.earned) ||
    a.level - b.level ||
    compareText(a.id, b.id);
}

export function findingsByCategory(a: Assessment): CategoryFindings[] {
  return a.categories.map((category) => {
    const results = a.results.filter((r) => r.category === category.id);
    return {
      category,
      open: results.filter((r) => r.inScope && isOpen(r.status)).sort(bySeriousness),
      waived: results.filter((r) => r.inScope && r.status === 'waived').sort(bySeriousness),
      beyondTarget: results.filter((r) => !r.inScope && isOpen(r.status)).sort(bySeriousness),
    };
  });
}

/** The item names a per-item rule fails or lacks answers for. */
export function openItems(r: RuleResult): string[] {
  return (r.items ?? []).filter((i) => isOpen(i.status)).map((i) => i.name);
}

/** The most serious open rules within the target: what a client should hear about first. */
export function biggestRisks(a: Assessment, count = 3): Risk[] {
  return a.results.filter((r) => r.inScope && isOpen(r.status)).sort(bySeriousness).slice(0, count).map((result) => {
    const items = openItems(result);
    const statement = result.status === 'unknown'
      ? 'Not answered, so it counts as not in place.'
      : items.length ? `Not in place for ${items.join(', ')}.` : 'Not in place.';
    return { result, statement, why: firstSentence(result.rationale) };
  });
}

/** A portfolio's "top gap": the first thing to do within the project's target, if any. */
export function topGap(a: Assessment): ActionItem | undefined {
  return a.actionPlan.find((item) => !item.beyondTarget);
}

/** The action plan in two: what the target needs, and the way further beyond it. */
export function splitPlan(a: Assessment): { within: ActionItem[]; beyond: ActionItem[] } {
  return { within: a.actionPlan.filter((i) => !i.beyondTarget), beyond: a.actionPlan.filter((i) => i.beyondTarget) };
}
