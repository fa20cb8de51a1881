import type { Assessment } from '../scoring/assessment.js';

/** The documented, versioned serialisation of an assessment (docs/report-format.md). */
export function renderJson(assessment: Assessment): string {
  return `${JSON.stringify(assessment, null, 2)}\n`;
}
