import type { MetricsSummary } from '@biopipe/metrics';
import { formatComplexity } from './format-complexity.js';
import { formatCount, formatMs, formatRate, formatTime } from './format-numbers.js';
import { formatGroupRow, groupTableHeader, groupingTitle, selectGroups, type Grouping } from './group-rows.js';
import { formatCostLines } from './format-cost.js';
import { TEST_HEADER, describeVariantRules, variantTables } from './format-variants.js';

/** Aligns columns: the first left-aligned, the rest right-aligned (numbers). */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function describeSource(summary: MetricsSummary): string {
  const [live, ...rest] = [...summary.source.files].reverse();
  const rotated = rest.length === 0 ? '' : ` (+${rest.length} rotated)`;
  const decisions =
    summary.source.decisions === 0 ? '' : `, ${formatCount(summary.source.decisions)} routing decisions`;
  const invalid =
    summary.source.invalid_lines === 0 ? '' : `, ${formatCount(summary.source.invalid_lines)} unreadable lines skipped`;
  const upgraded =
    summary.source.upgraded_records === 0
      ? ''
      : `, ${formatCount(summary.source.upgraded_records)} upgraded from an older schema`;
  return `Source: ${live ?? '-'}${rotated}: ${formatCount(summary.source.records)} requests${decisions}${invalid}${upgraded}`;
}

/** The report for a terminal: totals, one row per group, fallback depths and top errors. */
export function formatTable(summary: MetricsSummary, by: Grouping): string {
  const { totals } = summary;
  const window = summary.since === null ? 'all records' : `since ${formatTime(summary.since)}`;
  const depths = summary.fallback_depths.map((entry) => `${entry.depth}: ${formatRate(entry.share)}`).join('  ');
  const lines = [
    `Routing metrics, ${window} (first ${formatTime(summary.first_record)}, last ${formatTime(summary.last_record)})`,
    describeSource(summary),
    '',
    ...alignColumns([
      ['Requests', formatCount(totals.requests)],
      ['Success rate', formatRate(totals.success_rate)],
      ['Error rate', formatRate(totals.error_rate)],
      ['Fallback rate', formatRate(totals.fallback_rate)],
      ['Cloud share', formatRate(totals.cloud_share)],
      [
        'Latency p50/p95/p99 ms',
        `${formatMs(totals.latency_ms.p50)} / ${formatMs(totals.latency_ms.p95)} / ${formatMs(totals.latency_ms.p99)}`,
      ],
      [
        'TTFT p50/p95/p99 ms',
        `${formatMs(totals.ttft_ms.p50)} / ${formatMs(totals.ttft_ms.p95)} / ${formatMs(totals.ttft_ms.p99)}`,
      ],
    ]),
    `Fallback depth  ${depths}`,
    '',
    `By ${groupingTitle(by)}`,
    ...alignColumns([
      groupTableHeader(by),
      ...selectGroups(summary, by).map(({ name, group }) => formatGroupRow(name, group)),
    ]),
  ];
  if (summary.top_errors.length > 0) {
    lines.push(
      '',
      'Top errors',
      ...alignColumns([
        ['error class', 'count', 'share of errors'],
        ...summary.top_errors.map((error) => [
          error.error_class,
          formatCount(error.count),
          formatRate(error.share_of_errors),
        ]),
      ]),
    );
  }
  lines.push('', ...formatCostLines(summary.cost, alignColumns));
  if (summary.complexity !== null) lines.push('', ...formatComplexity(summary.complexity));
  if (summary.variants !== null) {
    for (const table of variantTables(summary.variants))
      lines.push(
        '',
        `A/B split: ${table.experiment}`,
        ...alignColumns([table.header, ...table.rows]),
        ...(table.tests.length === 0 ? [] : ['', ...alignColumns([TEST_HEADER, ...table.tests])]),
        ...table.verdicts.map((verdict) => `Verdict: ${verdict}`),
      );
    lines.push(describeVariantRules(summary.variants));
  }
  lines.push(
    '',
    `Latency is end to end, failures included; TTFT counts streamed requests. Percentiles: ${summary.percentile_method}.`,
  );
  return `${lines.join('\n')}\n`;
}
