import type { ActionItem, Assessment, Portfolio } from '../scoring/assessment.js';
import { topGap } from './findings.js';

/** What a portfolio's summary says of one project: a few fields, kept after its report is written. */
export type ProjectSummary = Pick<Assessment, 'manifest' | 'project' | 'generatedAt' | 'score' | 'coverage' | 'achieved' | 'target' | 'gate'> & {
  topGap?: ActionItem;
};

export interface PortfolioSummary {
  generatedAt: string;
  projects: ProjectSummary[];
  /** Manifests that could not be audited. */
  errors: Portfolio['errors'];
}

export function summarise(a: Assessment): ProjectSummary {
  const gap = topGap(a);
  return {
    manifest: a.manifest, project: a.project, generatedAt: a.generatedAt, score: a.score, coverage: a.coverage,
    achieved: a.achieved, target: a.target, ...(a.gate && { gate: a.gate }), ...(gap && { topGap: gap }),
  };
}

/**
 * A portfolio report, made one project at a time so that no project need be kept once its part
 * is written: `head` (the summary, which needs every project, so it is asked for last) + each
 * `project` part in order + `tail`. A document may remember what its parts need at the end.
 */
export interface PortfolioDocument {
  project(a: Assessment, index: number): string;
  head(summary: PortfolioSummary): string;
  tail(summary: PortfolioSummary): string;
}

/** The whole report of a portfolio held in memory, in pieces: what the library's callers get. */
export function* portfolioPieces(document: PortfolioDocument, p: Portfolio): Generator<string> {
  const summary: PortfolioSummary = { generatedAt: p.generatedAt, projects: p.assessments.map(summarise), errors: p.errors };
  const parts = p.assessments.map((a, i) => document.project(a, i)); // before the head, as the CLI does
  yield document.head(summary);
  yield* parts;
  yield document.tail(summary);
}

/** One project's report made by a portfolio document: formats whose single report is that of a one-project portfolio. */
export function oneProjectReport(document: PortfolioDocument, a: Assessment): string {
  return [...portfolioPieces(document, { reportVersion: 1, generatedAt: a.generatedAt, assessments: [a], errors: [] })].join('');
}
