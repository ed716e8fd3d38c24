import type { ComplexitySummary, GroupSummary } from '@biopipe/metrics/read';
import { formatCount, formatMs, formatRate } from './format-numbers.js';
import { alignColumns } from './format-table.js';

const BAR_WIDTH = 30;

function decisionRow(name: string, group: GroupSummary | null): string[] {
  if (group === null) return [name, '0', '-', '-', '-', '-'];
  return [
    name,
    formatCount(group.requests),
    formatRate(group.error_rate),
    formatRate(group.cloud_share),
    formatMs(group.latency_ms.p50),
    formatMs(group.latency_ms.p95),
  ];
}

/** The section's two tables, header first: strong share by task, and kept versus escalated (text and HTML). */
export function complexityTables(complexity: ComplexitySummary): [string[][], string[][]] {
  return [
    [
      ['task type', 'scored', 'escalated', 'strong share'],
      ...complexity.by_task.map((task) => [
        task.task_type,
        formatCount(task.scored),
        formatCount(task.strong),
        formatRate(task.strong_share),
      ]),
    ],
    [
      ['', 'requests', 'error rate', 'cloud share', 'latency p50 ms', 'p95 ms'],
      decisionRow('kept on the weak target', complexity.kept_weak),
      decisionRow('escalated to the strong target', complexity.escalated),
    ],
  ];
}

/** The complexity routing section of the terminal report: strong share by task, score histogram, kept versus escalated. */
export function formatComplexity(complexity: ComplexitySummary): string[] {
  const most = Math.max(1, ...complexity.histogram.map((bin) => bin.requests));
  const [byTask, byDecision] = complexityTables(complexity);
  return [
    'Complexity routing',
    ...alignColumns(byTask),
    '',
    'Score histogram',
    ...complexity.histogram.map(
      (bin) =>
        `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}  ${'#'.repeat(Math.round((bin.requests / most) * BAR_WIDTH)).padEnd(BAR_WIDTH)}  ${formatCount(bin.requests)}`,
    ),
    '',
    ...alignColumns(byDecision),
  ];
}
