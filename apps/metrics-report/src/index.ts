export { REPORT_EXIT_CODES } from './exit-codes.js';
export { DEFAULT_HTML_NAME, runReport } from './run-report.js';
export type { ReportEnvironment } from './run-report.js';
export { formatTable } from './format-table.js';
export { renderHtml } from './render-html.js';
export type { Grouping } from './group-rows.js';
