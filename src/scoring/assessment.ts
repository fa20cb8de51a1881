import type { AdjustmentNote } from '../engine/adjust.js';
import type { WaiverOutcome, WaiverState } from '../engine/waivers.js';
import type { ItemEvaluation, RuleStatus } from '../engine/types.js';
import type { FactEvidence } from '../facts/evidence.js';
import type { Provenance } from '../facts/types.js';
import type { ProjectInfo } from '../manifest/types.js';
import type { Level, PackInfo, Reference, Severity } from '../rules/types.js';

/** One rule's outcome as every renderer reads it: self-contained, no lookup needed. */
export interface RuleResult {
  id: string;
  title: string;
  category: string;
  level: Level;
  severity: Severity;
  pack: string;
  status: RuleStatus;
  evaluatedStatus: RuleStatus;
  /** Applicable and at or below the target level: counts in the score. */
  inScope: boolean;
  reason?: string;
  missing: string[];
  items?: ItemEvaluation[];
  location?: Provenance;
  waiver?: { state: WaiverState; expires: string; owner: string; reason: string };
  /** The manifest disabled this rule or changed its severity or level, for this reason. */
  adjustment?: AdjustmentNote;
  weight: number;
  /** Points earned and possible in the score (0 and 0 when out of scope or waived). */
  earned: number;
  possible: number;
  rationale: string;
  remediation: string;
  levelReason?: string;
  references: Reference[];
}

export interface CategoryScore {
  id: string;
  title: string;
  /** null when nothing of the category is in scope: never 0 or 100 by default. */
  score: number | null;
  pass: number;
  fail: number;
  unknown: number;
  waived: number;
  notApplicable: number;
  beyondTarget: number;
}

export interface ActionItem {
  ruleId: string;
  item?: string;
  title: string;
  severity: Severity;
  level: Level;
  status: 'fail' | 'unknown';
  /** What to do: the remediation, or the facts to answer for an unknown. */
  action: string;
  /** Score points gained by fixing it alone (0 beyond the target). */
  points: number;
  /** The level reached by fixing it, when it is the last thing blocking a level. */
  reachesLevel?: number;
  blocksNextLevel: boolean;
  beyondTarget: boolean;
}

export interface GateCheck {
  gate: 'min-score' | 'min-level' | 'fail-on' | 'no-regression';
  passed: boolean;
  detail: string;
}

export interface GateOutcome {
  passed: boolean;
  checks: GateCheck[];
}

export interface Assessment {
  reportVersion: 1;
  tool: { name: 'readiness'; version: string };
  generatedAt: string;
  manifest: string;
  project: ProjectInfo;
  profileOverridden: boolean;
  target: { level: Level; name: string };
  achieved: { level: number; name: string };
  score: number;
  scoreWithoutWaivers: number;
  coverage: number;
  nextLevel: { level: Level; blockers: { ruleId: string; item?: string; title: string; status: RuleStatus }[] } | null;
  categories: CategoryScore[];
  actionPlan: ActionItem[];
  results: RuleResult[];
  waivers: WaiverOutcome[];
  packs: PackInfo[];
  scoring: { formula: string; weights: Record<Severity, number>; levels: Record<Level, string>; targets: Record<string, Level> };
  gate?: GateOutcome;
  /** Set by `--baseline`: how this run differs from an earlier report. */
  baseline?: BaselineComparison;
  /** Set by `--scan`: what the repository shows for each declared fact a detector covers. */
  evidence?: EvidenceSummary;
}

export interface EvidenceSummary {
  /** The scanned folder, as given. */
  root: string;
  filesScanned: number;
  /** A note for each limit that cut the scan short. */
  limits: string[];
  /** One entry per declared fact a detector covers: confirmed, unverified or contradicted. */
  facts: FactEvidence[];
  /** Facts the manifest left unknown that the scan filled in, with where it saw them. */
  filled: { path: string; value: unknown; at: Provenance }[];
}

export interface RuleRef {
  ruleId: string;
  item?: string;
  title: string;
}

export interface BaselineComparison {
  /** The earlier report's file and date. */
  file: string;
  generatedAt: string;
  score: { before: number; after: number; delta: number };
  level: { before: number; after: number };
  coverage: { before: number; after: number; delta: number };
  categories: { id: string; title: string; before: number | null; after: number | null; delta: number | null }[];
  newlyFailing: RuleRef[];
  newlyFixed: RuleRef[];
  /** Rule packs whose version changed, or that were added or removed: a score change may be theirs. */
  packChanges: { name: string; before: string | null; after: string | null }[];
  /** The score, the level or a category went down. */
  regressed: boolean;
}

/** Several manifests audited in one run (`readiness audit services/*.yaml`). */
export interface Portfolio {
  reportVersion: 1;
  generatedAt: string;
  assessments: Assessment[];
  /** Manifests that could not be audited: reported, and the run exits 2 at the end. */
  errors: { file: string; message: string }[];
}
