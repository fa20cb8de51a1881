import { adjustRuleSet } from './engine/adjust.js';
import { evaluateRules } from './engine/evaluate.js';
import { applyWaivers } from './engine/waivers.js';
import type { Manifest, Profile } from './manifest/types.js';
import type { RuleSet } from './rules/rule-set.js';
import type { Assessment } from './scoring/assessment.js';
import { compareWithBaseline } from './scoring/baseline.js';
import { evaluateGates, type GateOptions } from './scoring/gates.js';
import { scoreAssessment } from './scoring/score.js';
import { VERSION } from './version.js';

export interface AuditOptions {
  /** The audit's date: decides waiver expiry and how recent dated facts are. */
  now: Date;
  profile?: Profile;
  /** false: `--no-waivers`, every waiver is reported but none applies. */
  waivers?: boolean;
  gates?: GateOptions;
  /** An earlier report of the same project, to compare with (`--baseline`). */
  baseline?: { assessment: Assessment; file: string };
}

/** evaluate → waivers → score → gates: the whole audit of one manifest, without I/O. */
export function auditManifest(manifest: Manifest, baseRuleSet: RuleSet, options: AuditOptions): Assessment {
  const ruleSet = adjustRuleSet(baseRuleSet, manifest.adjustments);
  const evaluations = evaluateRules(ruleSet, manifest.facts, { now: options.now });
  const { results, waivers } = applyWaivers(evaluations, manifest.waivers, options.now, options.waivers !== false);
  const assessment = scoreAssessment({
    ruleSet, manifest, results, waivers, now: options.now, toolVersion: VERSION,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  if (options.baseline) assessment.baseline = compareWithBaseline(assessment, options.baseline.assessment, options.baseline.file);
  if (options.gates) assessment.gate = evaluateGates(assessment, options.gates);
  return assessment;
}
