import type { WaiverOutcome, WaiverState } from '../engine/waivers.js';

/** Waivers of one state, with what that state means for the reader. */
export interface WaiverGroup {
  state: WaiverState;
  title: string;
  meaning: string;
  waivers: WaiverOutcome[];
}

const GROUPS: Omit<WaiverGroup, 'waivers'>[] = [
  { state: 'active', title: 'Active', meaning: 'Accepted risks: the rule counts as waived until the waiver expires.' },
  { state: 'expiring', title: 'Expiring soon', meaning: 'Still accepted, but they lapse within a month: renew them with a reason, or fix the rule.' },
  { state: 'expired', title: 'Expired', meaning: 'No longer accepted: the rules they covered count as failures again.' },
  { state: 'orphaned', title: 'Orphaned', meaning: 'They match no rule or item: a renamed rule or item, or a typo.' },
  { state: 'redundant', title: 'Redundant', meaning: 'The rule they waive does not fail: they can be removed.' },
];

/** A waiver table's columns, and each waiver's cells in them (unescaped), the same in every format. */
export const WAIVER_COLUMNS = ['Rule', 'Item', 'Owner', 'Expires', 'Reason', 'Ticket', 'Declared at', 'Note'] as const;

export function waiverCells(w: WaiverOutcome): string[] {
  return [w.rule, w.item ?? '', w.owner, w.expires, w.reason, w.ticket ?? '', `${w.source.file}${w.source.line ? `:${w.source.line}` : ''}`, w.note ?? ''];
}

/** The non-empty groups, in the order a reader acts on them. */
export function groupWaivers(waivers: readonly WaiverOutcome[]): WaiverGroup[] {
  return GROUPS.map((g) => ({ ...g, waivers: waivers.filter((w) => w.state === g.state) })).filter((g) => g.waivers.length > 0);
}
