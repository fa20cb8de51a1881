import { isOpen, type RuleStatus } from '../engine/types.js';
import type { Provenance } from '../facts/types.js';
import type { ActionItem, Assessment, BaselineComparison, RuleResult } from '../scoring/assessment.js';
import { levelName } from '../scoring/model.js';

/** The words and number formats both document formats use, so Markdown and HTML say the same thing. */

export const STATUS_LABELS: Record<RuleStatus, string> = {
  pass: 'pass', fail: 'fail', unknown: 'unknown', waived: 'waived', not_applicable: 'n/a',
};

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** A score as printed: n/a for a category with nothing in scope, never 0. */
export const formatScore = (score: number | null) => (score === null ? 'n/a' : String(score));

/** +3.2, −1, ±0 (one decimal, a real minus sign). */
export function formatDelta(delta: number | null): string {
  if (delta === null) return 'n/a';
  const rounded = Math.round(delta * 10) / 10;
  return rounded > 0 ? `+${rounded}` : rounded < 0 ? `−${-rounded}` : '±0';
}

export const formatLevel = (level: number) => `${level} ${levelName(level)}`;

/** What a fix is worth: "+6 points, reaches level 3". */
export function actionWorth(item: ActionItem): string {
  const parts: string[] = [];
  if (item.points > 0) parts.push(`+${item.points} ${item.points === 1 ? 'point' : 'points'}`);
  if (item.reachesLevel) parts.push(`reaches level ${item.reachesLevel}`);
  else if (item.blocksNextLevel) parts.push(`needed for level ${item.level}`);
  if (parts.length === 0 && item.beyondTarget) parts.push(`towards level ${item.level}`);
  return parts.join(', ');
}

export const meetsTarget = (a: Pick<Assessment, 'achieved' | 'target'>) => a.achieved.level >= a.target.level;

export function levelSentence(a: Assessment): string {
  const achieved = a.achieved.level === 0 ? 'No level reached yet' : `Level ${formatLevel(a.achieved.level)}`;
  return `${achieved} against a target of ${formatLevel(a.target.level)}: ` +
    (meetsTarget(a) ? 'meets the target.' : 'below the target.');
}

export function nextLevelSentence(a: Assessment): string | undefined {
  if (!a.nextLevel || a.nextLevel.blockers.length === 0) return undefined;
  return `Level ${a.nextLevel.level} is blocked by ${plural(a.nextLevel.blockers.length, 'rule')}.`;
}

export const unansweredInScope = (a: Assessment) => a.results.filter((r) => r.inScope && r.evaluatedStatus === 'unknown').length;

export function coverageSentence(a: Assessment): string {
  const unknown = unansweredInScope(a);
  return `${a.coverage}% of the rules in scope have the facts they need` +
    (unknown ? `; ${plural(unknown, 'rule lacks answers', 'rules lack answers')} and ${unknown === 1 ? 'counts' : 'count'} as not passed.` : '.');
}

export function scoreSentence(a: Assessment): string {
  const waived = a.score !== a.scoreWithoutWaivers ? ` (${a.scoreWithoutWaivers} without waivers)` : '';
  return `${a.score} / 100 of what the ${a.project.profile} profile needs${waived}.`;
}

/** `readiness.yaml:12 (manifest)`: where the evidence behind a result was declared or found. */
export function formatLocation(p: Provenance | undefined): string {
  if (!p) return '';
  const place = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : '';
  return place ? `${place} (${p.origin})` : p.origin;
}

/** What a bare status hides: the waiver behind it, an expiry, or that it lies beyond the target. */
export function statusNote(r: RuleResult): string {
  if (r.status === 'waived') return `${STATUS_LABELS[r.evaluatedStatus]} without the waiver, until ${r.waiver?.expires ?? '?'}`;
  if (r.waiver?.state === 'expired') return `waiver expired ${r.waiver.expires}`;
  if (!r.inScope && r.status !== 'not_applicable') return 'beyond the target';
  return '';
}

export function statusDetail(r: RuleResult): string {
  const note = statusNote(r);
  return `${STATUS_LABELS[r.status]}${note ? ` (${note})` : ''}`;
}

/** `payment-gateway (readiness.yaml:20)`: the items a per-item rule fails for, each where it was declared. */
export function openItemsWithLocation(r: RuleResult): string {
  return (r.items ?? []).filter((i) => isOpen(i.status))
    .map((i) => `${i.name}${i.location?.file ? ` (${i.location.file}${i.location.line ? `:${i.location.line}` : ''})` : ''}`).join(', ');
}

/** "expired on 2026-11-01, owned by lead: legacy" */
export function waiverSentence(w: NonNullable<RuleResult['waiver']>): string {
  const when = w.state === 'expired' ? `expired on ${w.expires}` : w.state === 'expiring' ? `expires soon: holds until ${w.expires}` : `holds until ${w.expires}`;
  return `${when}, owned by ${w.owner}: ${w.reason}`;
}

export const baselineDate = (b: BaselineComparison) => b.generatedAt.slice(0, 10);

/** The titles of a project report's sections, the same in Markdown and HTML. */
export const SECTION_TITLES = {
  summary: 'Executive summary', gate: 'Release gate', categories: 'Category scores', actions: 'Action plan',
  findings: 'Findings by category', waivers: 'Waivers', evidence: 'Evidence from the repository',
  rules: 'Appendix A: every rule evaluated', method: 'Appendix B: how the score is computed',
} as const;

/** Sentences both formats print as they are, so Markdown and HTML say the same. */
export const SAY = {
  categoryScores: 'Each score is the percent of the target reached in that category; n/a means nothing of it is in scope.',
  actionOrder: 'Ordered by what blocks the next level, then by severity, then by level. Points are what fixing that one item adds to the score.',
  nothingWithin: 'Nothing: every rule within the target passes or is waived.',
  wayFurther: 'The way further: these do not lower the score.',
  noRisks: 'No rule within the target fails or lacks an answer.',
  categoryOutOfScope: 'Nothing in this category is in scope.',
  categoryPasses: 'Every rule in scope passes.',
  noWaivers: 'No waivers are declared.',
  everyRule: 'Passes included, with the evidence behind each result: where the facts were declared (file:line and origin), the items checked and the facts missing.',
  packsMayExplain: 'Part of the change may come from the rules rather than the project.',
} as const;

export const changeTitle = (b: BaselineComparison) => `Change since ${baselineDate(b)}`;

export function packChange(c: BaselineComparison['packChanges'][number]): string {
  if (c.before === null) return `${c.name} ${c.after} added`;
  if (c.after === null) return `${c.name} ${c.before} removed`;
  return `${c.name} ${c.before} → ${c.after}`;
}

export const ruleRef = (r: { ruleId: string; item?: string; title: string }) => `${r.ruleId}${r.item ? ` (${r.item})` : ''}: ${r.title}`;
