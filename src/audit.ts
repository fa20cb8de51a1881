import { adjustRuleSet } from './engine/adjust.js';
import { evaluateRules } from './engine/evaluate.js';
import { reconcileEvidence } from './facts/evidence.js';
import { applyWaivers } from './engine/waivers.js';
import type { Manifest, Profile } from './manifest/types.js';
import type { RuleSet } from './rules/rule-set.js';
import type { ScanResult } from './scan/types.js';
import type { Assessment } from './scoring/assessment.js';
import { compareWithBaseline } from './scoring/baseline.js';
import { evaluateGates, type GateOptions } from './scoring/gates.js';
import { scoreAssessment } from './scoring/score.js';
import { VERSION } from './version.js';
import { valueAt } from './facts/types.js';

export interface AuditOptions {
  /** The audit's date: decides waiver expiry and how recent dated facts are. */
  now: Date;
  profile?: Profile;
  /** false: `--no-waivers`, every waiver is reported but none applies. */
  waivers?: boolean;
  gates?: GateOptions;
  /** An earlier report of the same project, to compare with (`--baseline`). */
  baseline?: { assessment: Assessment; file: string };
  /** What a scan of the repository found (`--scan`): fills unknowns, confirms or contradicts claims. */
  scan?: ScanResult;
}

/** evaluate → waivers → score → gates: the whole audit of one manifest, without I/O. */
export function auditManifest(manifest: Manifest, baseRuleSet: RuleSet, options: AuditOptions): Assessment {
  const ruleSet = adjustRuleSet(baseRuleSet, manifest.adjustments);
  const reconciled = options.scan ? reconcileEvidence(manifest.facts, options.scan, ruleSet.facts) : undefined;
  const facts = reconciled?.facts ?? manifest.facts;
  const evaluations = evaluateRules(ruleSet, facts, { now: options.now });
  const { results, waivers } = applyWaivers(evaluations, manifest.waivers, options.now, options.waivers !== false);
  const assessment = scoreAssessment({
    ruleSet, manifest, results, waivers, now: options.now, toolVersion: VERSION,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  if (options.scan && reconciled) {
    const filled = Object.entries(facts.provenance)
      .filter(([, at]) => at.origin === 'scan')
      .map(([path, at]) => ({ path, value: valueAt(facts.values, path.split('.')), at }));
    assessment.evidence = { root: options.scan.root, filesScanned: options.scan.filesScanned, limits: options.scan.limits, facts: reconciled.evidence, filled };
  }
  if (options.baseline) assessment.baseline = compareWithBaseline(assessment, options.baseline.assessment, options.baseline.file);
  if (options.gates) assessment.gate = evaluateGates(assessment, options.gates);
  return assessment;
}
