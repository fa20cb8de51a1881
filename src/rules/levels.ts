import type { Level } from './types.js';

/** The four levels a rule can first be required at. */
export const LEVEL_NAMES: Record<Level, string> = {
  1: 'Foundations',
  2: 'Repeatable',
  3: 'Production-ready',
  4: 'Mission-critical',
};
