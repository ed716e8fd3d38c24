import type { GroupSummary, MetricsSummary } from '@biopipe/metrics';
import { formatCount, formatMs, formatRate } from './format-numbers.js';

/** How the report groups requests (`--by`). */
export type Grouping = 'task' | 'model' | 'replica';

export const GROUPINGS: readonly Grouping[] = ['task', 'model', 'replica'];

/** The groups to show for a `--by` value, each with its display name. */
export function selectGroups(summary: MetricsSummary, by: Grouping): { name: string; group: GroupSummary }[] {
  switch (by) {
    case 'task':
      return summary.by_task.map((group) => ({ name: group.task_type, group }));
    case 'model':
      return summary.by_model.map((group) => ({ name: group.model, group }));
    case 'replica':
      return summary.by_endpoint.map((group) => ({ name: group.endpoint, group }));
  }
}

export function groupingTitle(by: Grouping): string {
  return by === 'task' ? 'task type' : by === 'model' ? 'model' : 'replica (endpoint)';
}

/** Column titles of the per-group table, the same in the terminal table and the HTML report. */
export function groupTableHeader(by: Grouping): string[] {
  return [
    groupingTitle(by),
    'requests',
    'success',
    'fallback',
    'cloud',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'TTFT p50',
    'TTFT p95',
    'TTFT p99',
  ];
}

/** One group's cells, in the order of `groupTableHeader`. */
export function formatGroupRow(name: string, group: GroupSummary): string[] {
  return [
    name,
    formatCount(group.requests),
    formatRate(group.success_rate),
    formatRate(group.fallback_rate),
    formatRate(group.cloud_share),
    formatMs(group.latency_ms.p50),
    formatMs(group.latency_ms.p95),
    formatMs(group.latency_ms.p99),
    formatMs(group.ttft_ms.p50),
    formatMs(group.ttft_ms.p95),
    formatMs(group.ttft_ms.p99),
  ];
}
