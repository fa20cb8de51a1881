import type { SourcePosition } from '../errors.js';
import type { FactSet } from '../facts/types.js';
import type { Level, Severity } from '../rules/types.js';

export const PROFILES = ['prototype', 'internal', 'production', 'critical'] as const;
export type Profile = (typeof PROFILES)[number];

export interface ProjectInfo {
  name: string;
  profile: Profile;
  owner?: string;
  description?: string;
  metadata?: Record<string, unknown>;
}

export interface Waiver {
  rule: string;
  item?: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD, the last day the waiver holds. */
  expires: string;
  ticket?: string;
  approver?: string;
  source: SourcePosition;
}

/** A manifest's own decision about a rule: switch it off, or weigh it differently, with a reason. */
export interface RuleAdjustment {
  rule: string;
  disable?: true;
  severity?: Severity;
  level?: Level;
  reason: string;
  source: SourcePosition;
}

/** A manifest after validation: who the project is, what it declares, what it waives. */
export interface Manifest {
  file: string;
  version: 1;
  project: ProjectInfo;
  /** Rule-pack directories the manifest adds, resolved against its folder. */
  extends: string[];
  adjustments: RuleAdjustment[];
  facts: FactSet;
  waivers: Waiver[];
}
