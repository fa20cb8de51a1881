import type { SourcePosition } from '../errors.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Level = 1 | 2 | 3 | 4;
export type FactType = 'boolean' | 'integer' | 'number' | 'string' | 'enum' | 'set' | 'date' | 'list';

/** What a fact is, as a rule pack declares it: one source for validation, schema and interview. */
export interface FactDefinition {
  /** Dotted manifest path; a list item's field is `list[].field`. */
  path: string;
  type: FactType;
  question: string;
  help?: string;
  choices?: string[];
  unit?: string;
  minimum?: number;
  maximum?: number;
  pack: string;
  source: SourcePosition;
}

export interface Reference {
  id?: string;
  title: string;
  url: string;
}

export interface RuleExample {
  facts: Record<string, unknown>;
  now?: string;
}

export interface Rule {
  id: string;
  title: string;
  category: string;
  level: Level;
  severity: Severity;
  check: string;
  appliesWhen?: string;
  forEach?: string;
  levelReason?: string;
  rationale: string;
  remediation: string;
  references: Reference[];
  examples: { pass: RuleExample[]; fail: RuleExample[] };
  pack: string;
  source: SourcePosition;
  checkSource: SourcePosition;
  appliesWhenSource?: SourcePosition;
}

export interface PackInfo {
  name: string;
  version: string;
  description?: string;
}

/** One pack as read from its directory, before it is checked against the others. */
export interface RulePack extends PackInfo {
  dir: string;
  facts: FactDefinition[];
  rules: Rule[];
}
