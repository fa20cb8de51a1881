import { DAY_MS, parseDate } from '../dates.js';
import type { Waiver } from '../manifest/types.js';
import { aggregate } from './evaluate.js';
import { isOpen, type RuleEvaluation, type RuleStatus } from './types.js';

export type WaiverState = 'active' | 'expiring' | 'expired' | 'orphaned' | 'redundant';

/** A manifest's waiver with what became of it in this audit. */
export interface WaiverOutcome extends Waiver {
  state: WaiverState;
  /** Why it is orphaned or redundant. */
  note?: string;
}

export interface WaivedEvaluation extends RuleEvaluation {
  /** The status the facts gave, before any waiver. */
  evaluatedStatus: RuleStatus;
  waiver?: { state: WaiverState; expires: string; owner: string; reason: string };
}

const EXPIRING_DAYS = 30;

/**
 * Applies waivers: an active one turns a failure or an unknown into `waived`; an expired one
 * leaves the failure standing and is reported; one matching no rule or item is orphaned.
 */
export function applyWaivers(evaluations: RuleEvaluation[], waivers: Waiver[], now: Date, enabled = true): { results: WaivedEvaluation[]; waivers: WaiverOutcome[] } {
  const outcomes: WaiverOutcome[] = [];
  const results = evaluations.map(withEvaluatedStatus);
  const resultById = new Map(results.map((r) => [r.ruleId, r]));
  for (const waiver of waivers) {
    const outcome: WaiverOutcome = { ...waiver, state: 'active' };
    outcomes.push(outcome);
    const result = resultById.get(waiver.rule);
    if (!result) {
      Object.assign(outcome, { state: 'orphaned', note: `no rule ${waiver.rule} is loaded` });
      continue;
    }
    const items = waiver.item === undefined ? result.items : result.items?.filter((i) => i.name === waiver.item);
    if (waiver.item !== undefined && !items?.length) {
      Object.assign(outcome, { state: 'orphaned', note: result.items ? `${waiver.rule} has no item "${waiver.item}"` : `${waiver.rule} is not a per-item rule` });
      continue;
    }
    const covered = items ? items.map((i) => i.status) : [result.evaluatedStatus];
    if (!covered.some(isOpen)) {
      Object.assign(outcome, { state: 'redundant', note: `${waiver.rule}${waiver.item ? ` for ${waiver.item}` : ''} does not fail: the waiver can go` });
      continue;
    }
    const daysLeft = ((parseDate(waiver.expires)?.getTime() ?? NaN) + DAY_MS - now.getTime()) / DAY_MS;
    outcome.state = daysLeft <= 0 ? 'expired' : daysLeft <= EXPIRING_DAYS ? 'expiring' : 'active';
    result.waiver = { state: outcome.state, expires: waiver.expires, owner: waiver.owner, reason: waiver.reason };
    if (!enabled || outcome.state === 'expired') continue;
    if (items && result.items) {
      for (const item of items) if (isOpen(item.status)) item.status = 'waived';
      result.status = aggregate(result.items.map((i) => i.status));
    } else {
      result.status = 'waived';
    }
  }
  return { results, waivers: outcomes };
}

/** A copy to apply waivers to (field by field: a spread of these varied shapes was a tenth of a portfolio's scoring). */
function withEvaluatedStatus(e: RuleEvaluation): WaivedEvaluation {
  const copy: WaivedEvaluation = { ruleId: e.ruleId, status: e.status, missing: e.missing, evaluatedStatus: e.status };
  if (e.reason !== undefined) copy.reason = e.reason;
  if (e.location !== undefined) copy.location = e.location;
  if (e.items !== undefined) copy.items = e.items.map((i) => ({ ...i }));
  return copy;
}
