import type { MetricsSummary } from '@biopipe/metrics';
import { formatCount, formatTime } from './format-numbers.js';

/** Where metrics come from, for messages about a missing or empty file. */
export const HOW_METRICS_ARE_WRITTEN =
  "biopipe appends one line per routed request (biopipe ask, chat, serve, demo) to logs/routing_metrics.jsonl under the working directory, or to BIOPIPELINES_METRICS_PATH or the strategy profile's metrics.path when set.";

function firstProblem(summary: MetricsSummary): string {
  const problem = summary.source.problems[0];
  return problem === undefined ? '' : ` First: ${problem.file}:${problem.line}: ${problem.reason}.`;
}

/** Says why there is nothing to report, or returns undefined when there is something. */
export function describeEmptyReport(summary: MetricsSummary, file: string): string | undefined {
  const { source } = summary;
  if (source.files.length === 0) {
    return `No metrics file at ${file}. ${HOW_METRICS_ARE_WRITTEN} Route some requests first, or point --file at an existing metrics file.`;
  }
  if (source.records > 0) return undefined;
  if (source.lines === 0) {
    return `The metrics file ${file} is empty: no request has been recorded there yet.`;
  }
  if (source.outside_window > 0) {
    return `Nothing in the window: all ${formatCount(source.outside_window)} records are older than ${formatTime(summary.since)} (the newest is from ${formatTime(source.newest_outside_window)}). Try a longer --since, e.g. --since=7d.`;
  }
  if (source.decisions > 0) {
    return `${file} holds ${formatCount(source.decisions)} routing decisions in the window but no routing metrics.`;
  }
  if (source.invalid_lines > 0) {
    return `None of the ${formatCount(source.invalid_lines)} lines in ${file} is a readable routing record.${firstProblem(summary)}`;
  }
  return `The metrics file ${file} holds only blank lines.`;
}

/** A warning for skipped lines, or undefined when none were skipped. */
export function describeSkippedLines(summary: MetricsSummary): string | undefined {
  const count = summary.source.invalid_lines;
  if (count === 0) return undefined;
  const listed = summary.source.problems
    .map((problem) => `\n  ${problem.file}:${problem.line}: ${problem.reason}`)
    .join('');
  return `skipped ${formatCount(count)} unreadable line${count === 1 ? '' : 's'} (torn, cut or invalid; the report uses every other line):${listed}${count > summary.source.problems.length ? '\n  …' : ''}`;
}
