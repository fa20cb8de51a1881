import type { Assessment } from '../scoring/assessment.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  color?: boolean;
}

/** One renderer per format, each a pure function of the assessment. */
export function renderReport(assessment: Assessment, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text': return renderText(assessment, { color: options.color ?? false });
    case 'json': return renderJson(assessment);
  }
}
