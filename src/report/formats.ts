/** The report formats, apart from their renderers: the command line lists them without loading any. */
export const REPORT_FORMATS = ['text', 'json', 'markdown', 'html', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
