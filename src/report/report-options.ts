import type { Assessment } from '../scoring/assessment.js';
import type { PortfolioSummary } from './portfolio.js';

/** What a consultant's report carries besides the assessment: who it is for, by whom, when. */
export interface ReportOptions {
  metadata?: { client?: string; assessor?: string; date?: string };
}

export interface ReportMetadata {
  client?: string;
  assessor?: string;
  /** YYYY-MM-DD */
  date: string;
}

/** Flags win over `project.metadata` in the manifest; the date defaults to the audit's own. */
export function reportMetadata(a: Pick<Assessment, 'project' | 'generatedAt'>, options: ReportOptions = {}): ReportMetadata {
  const declared = a.project.metadata ?? {};
  return withoutEmpty({
    client: options.metadata?.client ?? text(declared['client']),
    assessor: options.metadata?.assessor ?? text(declared['assessor']),
    date: options.metadata?.date ?? a.generatedAt.slice(0, 10),
  });
}

/** A portfolio's client and assessor come from the flags, or from the manifests when they all agree. */
export function portfolioMetadata(p: PortfolioSummary, options: ReportOptions = {}): ReportMetadata {
  const each = p.projects.map((a) => reportMetadata(a, {}));
  const shared = (key: 'client' | 'assessor') => {
    const values = new Set(each.map((m) => m[key]));
    return values.size === 1 ? [...values][0] : undefined;
  };
  return withoutEmpty({
    client: options.metadata?.client ?? shared('client'),
    assessor: options.metadata?.assessor ?? shared('assessor'),
    date: options.metadata?.date ?? p.generatedAt.slice(0, 10),
  });
}

/** `project.metadata` is free-form: only plain values make sense in a report header. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function withoutEmpty(m: { client: string | undefined; assessor: string | undefined; date: string }): ReportMetadata {
  return { ...(m.client ? { client: m.client } : {}), ...(m.assessor ? { assessor: m.assessor } : {}), date: m.date };
}
