import type { Assessment, Portfolio } from '../scoring/assessment.js';
import { renderJson, renderJsonPortfolio } from './json.js';
import { renderText, renderTextPortfolio } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'html', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** Terminal colour, for the text format. */
  color?: boolean;
  /** Report metadata for consultants' formats; defaults come from project.metadata. */
  metadata?: { client?: string; assessor?: string; date?: string };
}

interface Renderer {
  single(assessment: Assessment, options: RenderOptions): string;
  /** The report in pieces, in order: a big portfolio is written without ever being one string. */
  portfolio(portfolio: Portfolio, options: RenderOptions): Iterable<string>;
}

// Each format's module is loaded only when asked for, so a text audit in CI never pays for the
// HTML renderer (esbuild splits every dynamic import into its own chunk).
const RENDERERS: Record<ReportFormat, () => Promise<Renderer>> = {
  text: async () => ({
    single: (a, o) => renderText(a, { color: o.color ?? false }),
    portfolio: (p, o) => renderTextPortfolio(p, { color: o.color ?? false }),
  }),
  json: async () => ({ single: renderJson, portfolio: renderJsonPortfolio }),
  markdown: async () => {
    const m = await import('./markdown.js');
    return { single: m.renderMarkdown, portfolio: m.renderMarkdownPortfolio };
  },
  html: async () => {
    const m = await import('./html.js');
    return { single: m.renderHtml, portfolio: m.renderHtmlPortfolio };
  },
  sarif: async () => {
    const m = await import('./sarif.js');
    return { single: m.renderSarif, portfolio: (p) => [m.renderSarifPortfolio(p)] };
  },
  junit: async () => {
    const m = await import('./junit.js');
    return { single: m.renderJunit, portfolio: (p) => [m.renderJunitPortfolio(p)] };
  },
};

/** One renderer per format, each a pure function of the assessment. */
export async function renderReport(assessment: Assessment, format: ReportFormat, options: RenderOptions = {}): Promise<string> {
  return (await RENDERERS[format]()).single(assessment, options);
}

export async function renderPortfolio(portfolio: Portfolio, format: ReportFormat, options: RenderOptions = {}): Promise<string> {
  return [...(await renderPortfolioPieces(portfolio, format, options))].join('');
}

/** The same report as `renderPortfolio`, in pieces to write one after another. */
export async function renderPortfolioPieces(portfolio: Portfolio, format: ReportFormat, options: RenderOptions = {}): Promise<Iterable<string>> {
  return (await RENDERERS[format]()).portfolio(portfolio, options);
}
