import type { Severity } from '../rules/types.js';
import type { Assessment, GateCheck, GateOutcome } from './assessment.js';
import { SEVERITIES } from './model.js';
import { isOpen } from '../engine/types.js';

export interface GateOptions {
  minScore?: number;
  /** A level 1-4, or `target` for the profile's target level. */
  minLevel?: number | 'target';
  /** Fail on any in-scope rule of this severity or above that fails or is unknown. */
  failOn?: Severity;
  /** Fail on any drop against the baseline (`--no-regression`). */
  noRegression?: boolean;
}

/** CI gates: each is checked and explained; the audit passes only if all pass. */
export function evaluateGates(assessment: Assessment, options: GateOptions): GateOutcome {
  const checks: GateCheck[] = [];
  if (options.minScore !== undefined) {
    const passed = assessment.score >= options.minScore;
    checks.push({ gate: 'min-score', passed, detail: `score ${assessment.score} ${passed ? '≥' : '<'} ${options.minScore}` });
  }
  if (options.minLevel !== undefined) {
    const required = options.minLevel === 'target' ? assessment.target.level : options.minLevel;
    const passed = assessment.achieved.level >= required;
    const blockers = passed ? '' : `; blocked by ${blockersUpTo(assessment, required)}`;
    checks.push({ gate: 'min-level', passed, detail: `level ${assessment.achieved.level} ${passed ? '≥' : '<'} ${required}${blockers}` });
  }
  if (options.failOn !== undefined) {
    const threshold = SEVERITIES.indexOf(options.failOn);
    const offenders = assessment.results.filter((r) => r.inScope && isOpen(r.status) && SEVERITIES.indexOf(r.severity) <= threshold);
    checks.push({
      gate: 'fail-on',
      passed: offenders.length === 0,
      detail: offenders.length === 0
        ? `no ${options.failOn}-or-worse rule fails or is unknown`
        : `${offenders.length} rule(s) of severity ${options.failOn} or worse fail or are unknown: ${offenders.map((r) => r.id).join(', ')}`,
    });
  }
  if (options.noRegression && assessment.baseline) {
    const b = assessment.baseline;
    const drops = [
      b.score.delta < 0 ? `score ${b.score.before} → ${b.score.after}` : '',
      b.level.after < b.level.before ? `level ${b.level.before} → ${b.level.after}` : '',
      ...b.categories.filter((c) => c.delta !== null && c.delta < 0).map((c) => `${c.id} ${c.before} → ${c.after}`),
    ].filter(Boolean);
    const newlyFailing = b.newlyFailing.map((u) => (u.item ? `${u.ruleId} ${u.item}` : u.ruleId));
    const passed = !b.regressed;
    checks.push({
      gate: 'no-regression',
      passed,
      detail: passed ? `nothing dropped since ${b.generatedAt.slice(0, 10)}` :
        [...drops, newlyFailing.length ? `newly failing: ${newlyFailing.join(', ')}` : ''].filter(Boolean).join('; '),
    });
  }
  return { passed: checks.every((c) => c.passed), checks };
}

function blockersUpTo(assessment: Assessment, level: number): string {
  const ids = assessment.results.filter((r) => r.level <= level && isOpen(r.status)).map((r) => r.id);
  return ids.length > 8 ? `${ids.slice(0, 8).join(', ')} and ${ids.length - 8} more` : ids.join(', ');
}
