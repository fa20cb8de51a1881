import type { Assessment, Portfolio } from '../scoring/assessment.js';
import { portfolioPieces, type PortfolioDocument } from './portfolio.js';

import type { ReportFormat } from './formats.js';
import type { ReportOptions } from './report-options.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

export interface RenderOptions extends ReportOptions {
  /** Terminal colour, for the text format. */
  color?: boolean;
}

interface Renderer {
  single(assessment: Assessment, options: RenderOptions): string;
  /** A portfolio's report, made one project at a time (src/report/portfolio.ts). */
  portfolio(options: RenderOptions): PortfolioDocument;
}

// Each format's module is loaded only when asked for, so a JSON audit in CI never pays for the
// HTML renderer or the text renderer's colours (esbuild splits every dynamic import into its own
// chunk).
const RENDERERS: Record<ReportFormat, () => Promise<Renderer>> = {
  text: async () => {
    const m = await import('./text.js');
    return {
      single: (a, o) => m.renderText(a, { color: o.color ?? false }),
      portfolio: (o) => m.textPortfolioDocument({ color: o.color ?? false }),
    };
  },
  json: async () => {
    const m = await import('./json.js');
    return { single: m.renderJson, portfolio: m.jsonPortfolioDocument };
  },
  markdown: async () => {
    const m = await import('./markdown.js');
    return { single: m.renderMarkdown, portfolio: m.markdownPortfolioDocument };
  },
  html: async () => {
    const m = await import('./html.js');
    return { single: m.renderHtml, portfolio: m.htmlPortfolioDocument };
  },
  sarif: async () => {
    const m = await import('./sarif.js');
    return { single: m.renderSarif, portfolio: m.sarifPortfolioDocument };
  },
  junit: async () => {
    const m = await import('./junit.js');
    return { single: m.renderJunit, portfolio: m.junitPortfolioDocument };
  },
};

/** One renderer per format, each a pure function of the assessment. */
export async function renderReport(assessment: Assessment, format: ReportFormat, options: RenderOptions = {}): Promise<string> {
  return (await RENDERERS[format]()).single(assessment, options);
}

export async function renderPortfolio(portfolio: Portfolio, format: ReportFormat, options: RenderOptions = {}): Promise<string> {
  return [...portfolioPieces(await portfolioDocument(format, options), portfolio)].join('');
}

/** A new, empty report of a portfolio in this format, to be given its projects one by one. */
export async function portfolioDocument(format: ReportFormat, options: RenderOptions = {}): Promise<PortfolioDocument> {
  return (await RENDERERS[format]()).portfolio(options);
}
