import type { RuleStatus } from '../engine/types.js';
import type { Profile } from '../manifest/types.js';
import { LEVEL_NAMES } from '../rules/levels.js';
import type { Level, Severity } from '../rules/types.js';

/** The scoring model of docs/scoring.md, as data: reports carry it so a score can be recomputed. */
export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 8, high: 4, medium: 2, low: 1 };

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

export { LEVEL_NAMES };

/** Whether an item counts towards its per-item rule's share: not when not applicable, nor when waived (unless waivers are ignored). */
export function itemCounts(status: RuleStatus, ignoreWaivers = false): boolean {
  return status !== 'not_applicable' && (ignoreWaivers || status !== 'waived');
}

export const PROFILE_TARGETS: Record<Profile, Level> = { prototype: 1, internal: 2, production: 3, critical: 4 };

export const PROFILE_SUMMARIES: Record<Profile, string> = {
  prototype: 'a demo or experiment with disposable data: needs foundations only (level 1)',
  internal: 'a tool for colleagues, business hours, internal data: needs repeatable practice (level 2)',
  production: 'serves external customers and their data: needs production readiness (level 3)',
  critical: 'money, safety or many dependents ride on it: needs mission-critical practice (level 4)',
};

export const SCORING_FORMULA =
  'score = 100 × weight passed ÷ weight of (pass + fail + unknown), over applicable rules at or below the target level; ' +
  'waived rules leave both sides; a per-item rule earns its weight × the share of its counted items that pass. ' +
  'level = highest L such that every applicable rule of level ≤ L passes or is waived.';

export function levelName(level: number): string {
  return level === 0 ? 'none' : LEVEL_NAMES[level as Level];
}
