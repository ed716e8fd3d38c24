import { aggregateMetricsFiles, summarizeMetrics, type MetricsSummary } from '@biopipe/metrics';
import { formatTable, type Output } from '../output.js';

const percent = (value: number | null): string => (value === null ? '-' : `${Math.round(value * 100)}%`);
const millis = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} ms`);

/** The report's numbers for the metrics the tour wrote. */
export async function summarizeDemoMetrics(metricsPath: string): Promise<MetricsSummary> {
  const aggregate = await aggregateMetricsFiles({ path: metricsPath });
  return summarizeMetrics({ accumulator: aggregate.accumulator, statistics: aggregate });
}

/** Reads back the metrics the tour wrote and prints the numbers a fleet owner looks at. */
export async function printDemoSummary(output: Output, metricsPath: string): Promise<void> {
  const summary = await summarizeDemoMetrics(metricsPath);
  const overall = summary.totals;
  output.out(
    `   ${overall.requests} requests: ${percent(overall.success_rate)} served, ${percent(overall.fallback_rate)} needed a fallback, ${percent(overall.cloud_share)} went to the cloud`,
  );
  const rows = summary.by_task.map((group) => [
    group.task_type,
    String(group.requests),
    percent(group.success_rate),
    percent(group.fallback_rate),
    percent(group.cloud_share),
    millis(group.latency_ms.p50),
    millis(group.latency_ms.p95),
  ]);
  output.out(
    formatTable(['TASK', 'REQUESTS', 'SERVED', 'FALLBACK', 'CLOUD', 'P50', 'P95'], rows)
      .split('\n')
      .map((line) => `   ${line}`)
      .join('\n'),
  );
}
