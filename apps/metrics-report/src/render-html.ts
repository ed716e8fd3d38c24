import type { MetricsSummary } from '@biopipe/metrics';
import { escapeHtml } from './escape-html.js';
import { renderScoreHistogram, renderStrongShareChart } from './complexity-charts.js';
import { costTables, describeCost } from './format-cost.js';
import { complexityTables } from './format-complexity.js';
import { formatCount, formatMs, formatRate, formatTime } from './format-numbers.js';
import { TEST_HEADER, describeVariantRules, variantTables } from './format-variants.js';
import { formatGroupRow, groupTableHeader, groupingTitle, selectGroups, type Grouping } from './group-rows.js';
import { renderDepthChart, renderFallbackChart, renderLatencyChart } from './svg-charts.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; margin: 24px auto; max-width: 980px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; } h3 { font-size: 14px; margin: 16px 0 4px; }
.muted { color: #6b7280; } .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px; min-width: 120px; }
.card .number { font-size: 22px; font-weight: 600; } table { border-collapse: collapse; width: 100%; }
table + table { margin-top: 16px; } th, td { padding: 4px 8px; border-bottom: 1px solid #e5e7eb; text-align: right; } th:first-child, td:first-child { text-align: left; }
svg.chart { display: block; width: 100%; height: auto; margin: 8px 0; }
svg .label { font-size: 12px; fill: #374151; } svg .value { font-size: 11px; fill: #4b5563; }
`;

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const card = (label: string, value: string): string =>
  `<div class="card"><div class="muted">${escapeHtml(label)}</div><div class="number">${escapeHtml(value)}</div></div>`;

/**
 * The report as ONE self-contained HTML file: inline CSS and SVG, no script, font or image from
 * anywhere, so it opens offline and can be mailed or archived as it is.
 */
export function renderHtml(summary: MetricsSummary, by: Grouping): string {
  const groups = selectGroups(summary, by);
  const { totals } = summary;
  const window = summary.since === null ? 'all records' : `since ${formatTime(summary.since)}`;
  const source = `${summary.source.files.join(', ')}: ${formatCount(summary.source.records)} requests, ${formatCount(summary.source.decisions)} routing decisions, ${formatCount(summary.source.invalid_lines)} unreadable lines skipped`;
  const groupRows = groups.map(({ name, group }) => formatGroupRow(name, group));
  const latencyRows = groups.map(({ name, group }) => ({ name, ...group.latency_ms }));
  const bucketMinutes = summary.fallback_over_time.bucket_ms / 60_000;
  const errors =
    summary.top_errors.length === 0
      ? '<p class="muted">No failed requests.</p>'
      : renderTable(
          ['error class', 'count', 'share of errors'],
          summary.top_errors.map((error) => [
            error.error_class,
            formatCount(error.count),
            formatRate(error.share_of_errors),
          ]),
        );
  const complexity =
    summary.complexity === null
      ? ''
      : `<h2>Complexity routing</h2>
<h3>Strong-model share by task type</h3>
${renderStrongShareChart('complexity-strong-share', summary.complexity.by_task)}
<h3>Score histogram</h3>
${renderScoreHistogram('complexity-histogram', summary.complexity.histogram)}
${complexityTables(summary.complexity)
  .map(([header = [], ...rows]) => renderTable(header, rows))
  .join('\n')}`;
  const variants =
    summary.variants === null
      ? ''
      : `${variantTables(summary.variants)
          .map(
            (table) =>
              `<h2>A/B split: ${escapeHtml(table.experiment)}</h2>\n${renderTable(table.header, table.rows)}\n${table.tests.length === 0 ? '' : renderTable(TEST_HEADER, table.tests)}\n${table.verdicts.map((verdict) => `<p><strong>${escapeHtml(verdict)}</strong></p>`).join('')}`,
          )
          .join('\n')}\n<p class="muted">${escapeHtml(describeVariantRules(summary.variants))}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>biopipe routing metrics</title><style>${STYLE}</style></head>
<body>
<h1>Routing metrics</h1>
<p class="muted">${escapeHtml(window)}; first ${escapeHtml(formatTime(summary.first_record))}, last ${escapeHtml(formatTime(summary.last_record))}; generated ${escapeHtml(formatTime(summary.generated_at))}</p>
<div class="cards">${card('Requests', formatCount(totals.requests))}${card('Success rate', formatRate(totals.success_rate))}${card('Fallback rate', formatRate(totals.fallback_rate))}${card('Cloud share', formatRate(totals.cloud_share))}${card('Latency p95', `${formatMs(totals.latency_ms.p95)} ms`)}${card('TTFT p95', `${formatMs(totals.ttft_ms.p95)} ms`)}</div>
<h2>Latency by ${escapeHtml(groupingTitle(by))} (ms)</h2>
${renderLatencyChart(`latency-by-${by}`, latencyRows)}
<h2>Fallback rate over time (${bucketMinutes >= 60 ? `${bucketMinutes / 60} h` : `${bucketMinutes} min`} buckets)</h2>
${renderFallbackChart('fallback-over-time', summary.fallback_over_time.buckets)}
<h2>Fallback depth</h2>
${renderDepthChart('fallback-depths', summary.fallback_depths)}
<h2>By ${escapeHtml(groupingTitle(by))}</h2>
${renderTable(groupTableHeader(by), groupRows)}
<h2>Top errors</h2>
${errors}
<h2>Cloud cost</h2>
${describeCost(summary.cost)
  .map((line) => `<p>${escapeHtml(line)}</p>`)
  .join('')}
${costTables(summary.cost)
  .map(([header = [], ...rows]) => renderTable(header, rows))
  .join('\n')}
${complexity}
${variants}
<p class="muted">Source: ${escapeHtml(source)}. Latency is end to end, failures included; TTFT counts streamed requests. Percentiles: ${escapeHtml(summary.percentile_method)}.</p>
</body></html>
`;
}
