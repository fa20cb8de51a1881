import type { Provenance } from '../facts/types.js';

export type RuleStatus = 'pass' | 'fail' | 'unknown' | 'waived' | 'not_applicable';

/** Failing or unanswered: what counts against a project, what a waiver can cover and what the reports list. */
export function isOpen(status: RuleStatus): boolean {
  return status === 'fail' || status === 'unknown';
}

/** One item's outcome in a per-item rule ("payment-gateway has no timeout"). */
export interface ItemEvaluation {
  name: string;
  status: RuleStatus;
  /** The facts it needed that nobody declared, e.g. `dependencies[payment-gateway].timeout_ms`. */
  missing: string[];
  reason?: string;
  location?: Provenance;
}

/** A rule's outcome on one project's facts, before waivers. */
export interface RuleEvaluation {
  ruleId: string;
  status: RuleStatus;
  missing: string[];
  reason?: string;
  items?: ItemEvaluation[];
  location?: Provenance;
}
