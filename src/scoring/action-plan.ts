import type { Level } from '../rules/types.js';
import type { ActionItem, RuleResult } from './assessment.js';
import { itemCounts, SEVERITIES } from './model.js';
import { compareText } from '../compare.js';
import { isOpen } from '../engine/types.js';

/**
 * Every failing or unknown rule (per item, for per-item rules), ordered: what blocks the next
 * level first, then by severity, then by level. Each says what fixing it alone is worth.
 */
export function planActions(results: RuleResult[], achieved: number, target: Level, totalPossible: number): ActionItem[] {
  const blockersPerLevel = new Map<number, number>();
  const units: { result: RuleResult; item?: string; status: 'fail' | 'unknown'; missing: string[]; share: number }[] = [];
  for (const result of results) {
    if (result.items) {
      const counted = result.items.filter((i) => itemCounts(i.status)).length;
      for (const item of result.items) {
        if (isOpen(item.status)) units.push({ result, item: item.name, status: item.status as 'fail' | 'unknown', missing: item.missing, share: result.weight / Math.max(counted, 1) });
      }
    } else if (isOpen(result.status)) {
      units.push({ result, status: result.status as 'fail' | 'unknown', missing: result.missing, share: result.weight });
    }
  }
  for (const unit of units) blockersPerLevel.set(unit.result.level, (blockersPerLevel.get(unit.result.level) ?? 0) + 1);

  const items: ActionItem[] = units.map(({ result, item, status, missing, share }) => {
    const blocksNextLevel = result.level === achieved + 1;
    const action: ActionItem = {
      ruleId: result.id,
      title: result.title,
      severity: result.severity,
      level: result.level,
      status,
      action: status === 'unknown' && missing.length ? `Declare ${missing.join(', ')}` : firstSentence(result.remediation),
      points: result.inScope && totalPossible > 0 ? Math.round((1000 * share) / totalPossible) / 10 : 0,
      blocksNextLevel,
      beyondTarget: result.level > target,
    };
    if (item !== undefined) action.item = item;
    if (blocksNextLevel && blockersPerLevel.get(result.level) === 1) {
      let reached = result.level;
      while (reached < 4 && !blockersPerLevel.has(reached + 1)) reached++;
      action.reachesLevel = reached;
    }
    return action;
  });
  return items.sort((a, b) =>
    Number(b.blocksNextLevel) - Number(a.blocksNextLevel) ||
    Number(a.beyondTarget) - Number(b.beyondTarget) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.level - b.level ||
    b.points - a.points ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.item ?? '', b.item ?? ''));
}

const firstSentences = new Map<string, string>();

/**
 * The first sentence of a remediation: the one line a terminal report has room for. Kept per text,
 * so that a portfolio's thousand action plans share one copy of each instead of making their own.
 */
export function firstSentence(text: string): string {
  let sentence = firstSentences.get(text);
  if (sentence === undefined) {
    const flat = text.replace(/\s+/g, ' ').trim();
    const end = flat.search(/[.!?](\s|$)/);
    sentence = end < 0 ? flat : flat.slice(0, end + 1);
    if (firstSentences.size < 10_000) firstSentences.set(text, sentence);
  }
  return sentence;
}
