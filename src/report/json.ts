import type { Assessment, Portfolio } from '../scoring/assessment.js';

/** The documented, versioned serialisation of an assessment (docs/report-format.md). */
export function renderJson(assessment: Assessment): string {
  return `${JSON.stringify(assessment, null, 2)}\n`;
}

export function renderJsonPortfolio(portfolio: Portfolio): string {
  return `${JSON.stringify(portfolio, null, 2)}\n`;
}
