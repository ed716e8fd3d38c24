/**
 * Exit codes of the metrics report. 3 means "nothing to report" (no file, an empty file, no readable
 * record, or nothing in the window): not a failure of the report, but a script must be able to tell
 * it from a report with numbers.
 */
export const REPORT_EXIT_CODES = {
  ok: 0,
  /** The report could not be made (e.g. the file exists but cannot be read). */
  failed: 1,
  /** Bad arguments. */
  usage: 2,
  noData: 3,
} as const;
