import type { RuleAdjustment } from '../manifest/types.js';
import type { CompiledRule, RuleSet } from '../rules/rule-set.js';
import type { Level, Severity } from '../rules/types.js';

/** What a manifest changed about a rule, shown next to its result. */
export interface AdjustmentNote {
  disabled?: boolean;
  severity?: { from: Severity; to: Severity };
  level?: { from: Level; to: Level };
  reason: string;
}

export type AdjustedRule = CompiledRule & { adjustment?: AdjustmentNote };

/**
 * Applies a manifest's `disable` and `overrides` to the rule set it is audited with. A disabled
 * rule stays in the report, not applicable, with its reason; an overridden one keeps its
 * original severity and level beside the new ones.
 */
export function adjustRuleSet(ruleSet: RuleSet, adjustments: readonly RuleAdjustment[]): RuleSet & { rules: AdjustedRule[] } {
  if (adjustments.length === 0) return ruleSet;
  const rules = ruleSet.rules.map((rule): AdjustedRule => {
    const mine = adjustments.filter((a) => a.rule === rule.id);
    if (mine.length === 0) return rule;
    const disable = mine.find((a) => a.disable);
    if (disable) return { ...rule, adjustment: { disabled: true, reason: disable.reason } };
    const override = mine[mine.length - 1]!;
    const note: AdjustmentNote = { reason: override.reason };
    if (override.severity && override.severity !== rule.severity) note.severity = { from: rule.severity, to: override.severity };
    if (override.level && override.level !== rule.level) note.level = { from: rule.level, to: override.level };
    return { ...rule, severity: override.severity ?? rule.severity, level: override.level ?? rule.level, adjustment: note };
  });
  return { ...ruleSet, rules };
}
