import type { Level } from '../rules/types.js';
import type { Assessment } from '../scoring/assessment.js';
import { LEVEL_NAMES } from '../scoring/model.js';
import { isOpen } from '../engine/types.js';

/** One rung of the maturity ladder, as the report draws it. */
export interface LadderStep {
  level: Level;
  name: string;
  achieved: boolean;
  target: boolean;
  beyondTarget: boolean;
  /** Rules of exactly this level that fail or lack answers: what stands between the rung and the project. */
  open: number;
}

export function levelLadder(a: Assessment): LadderStep[] {
  return ([1, 2, 3, 4] as const).map((level) => ({
    level,
    name: LEVEL_NAMES[level],
    achieved: a.achieved.level >= level,
    target: a.target.level === level,
    beyondTarget: level > a.target.level,
    open: a.results.filter((r) => r.level === level && isOpen(r.status)).length,
  }));
}

/** "achieved", "target, 5 open" …: the words beside each rung, in both formats. */
export function stepState(step: LadderStep): string {
  const open = `${step.open} rule${step.open === 1 ? '' : 's'} open`;
  if (step.achieved) return step.target ? 'achieved, target' : 'achieved';
  if (step.target) return `target, ${open}`;
  return step.beyondTarget ? `beyond the target, ${open}` : open;
}
