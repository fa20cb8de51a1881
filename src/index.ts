/**
 * readiness as a library: load → validate → evaluate → score → render, as plain functions over
 * plain data. The CLI (src/cli) is a thin shell over these.
 */
export { ReadinessError, formatError, type SourcePosition } from './errors.js';
export { loadRulePack, parseRulePack } from './rules/load-pack.js';
export { buildRuleSet, type RuleSet, type CompiledRule } from './rules/rule-set.js';
export { loadRuleSet, builtInRulesDir } from './rules/load-rule-set.js';
export { CATEGORIES } from './rules/categories.js';
export { renderRulesReference } from './rules/reference-doc.js';
export type { FactDefinition, Rule, RulePack, PackInfo, Severity, Level } from './rules/types.js';
export { loadManifest, parseManifest } from './manifest/load-manifest.js';
export { manifestSchema } from './manifest/schema.js';
export { PROFILES, type Manifest, type Profile, type Waiver } from './manifest/types.js';
export type { FactSet, Provenance } from './facts/types.js';
export { evaluateRules } from './engine/evaluate.js';
export { applyWaivers } from './engine/waivers.js';
export type { RuleEvaluation, RuleStatus } from './engine/types.js';
export { scoreAssessment, NothingInScopeError } from './scoring/score.js';
export { evaluateGates, type GateOptions } from './scoring/gates.js';
export { PROFILE_TARGETS, SEVERITY_WEIGHTS, LEVEL_NAMES } from './scoring/model.js';
export type { Assessment, RuleResult, ActionItem, CategoryScore, GateOutcome, Portfolio, BaselineComparison } from './scoring/assessment.js';
export { auditManifest, type AuditOptions } from './audit.js';
export { renderReport, renderPortfolio, REPORT_FORMATS, type ReportFormat, type RenderOptions } from './report/index.js';
export { compareWithBaseline } from './scoring/baseline.js';
export * from './interview/index.js';
export { scanRepository, DETECTORS, type ScanOptions, type ScanProgress } from './scan/scan.js';
export type { ScanResult, DetectedFact, Evidence, Strength, Coverage } from './scan/types.js';
export { draftManifest } from './scan/draft-manifest.js';
export { reconcileEvidence, type FactEvidence, type EvidenceStatus } from './facts/evidence.js';
export { VERSION } from './version.js';
