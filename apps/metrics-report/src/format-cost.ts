import type { CostGroupSummary, CostSummary } from '@biopipe/metrics/read';
import { formatCount } from './format-numbers.js';

/** US dollars: four decimals below $1 (a cloud request costs fractions of a cent), two above. */
export const formatUsd = (value: number): string =>
  `${value < 0 ? '-' : ''}$${Math.abs(value).toFixed(value !== 0 && Math.abs(value) < 1 ? 4 : 2)}`;

function row(name: string, group: CostGroupSummary): string[] {
  return [
    name,
    formatCount(group.requests),
    formatCount(group.cloud_requests),
    formatUsd(group.cost_usd),
    group.estimated_requests === 0 ? '-' : formatCount(group.estimated_requests),
  ];
}

const DECISION_LABELS = { weak: 'kept on weak target', strong: 'escalated to strong' } as const;

/** The cost tables, the same for the terminal and the HTML page: header row first. */
export function costTables(cost: CostSummary): string[][][] {
  const header = ['requests', 'cloud', 'cost', 'estimated'];
  const tables = [
    [['task type', ...header], ...cost.by_task.map((group) => row(group.task_type, group))],
    [['model', ...header], ...cost.by_model.map((group) => row(group.model, group))],
    [['day (UTC)', ...header], ...cost.by_day.map((group) => row(group.day, group))],
  ];
  // Only where complexity routing decided something: what its escalations cost, beside what it kept.
  if (cost.by_complexity.length > 0)
    tables.push([
      ['complexity routing', ...header],
      ...cost.by_complexity.map((group) => row(DECISION_LABELS[group.decision], group)),
    ]);
  return tables;
}

/** The total and the savings against the counterfactual, one sentence each. */
export function describeCost(cost: CostSummary): [string, string] {
  const total = `Cloud cost ${formatUsd(cost.total_usd)}${cost.estimated_requests === 0 ? '' : ` (${formatCount(cost.estimated_requests)} requests estimated from characters)`}`;
  const savings =
    cost.counterfactual === null
      ? 'Savings: no strategy named, so no first cloud model to compare with (pass --strategy).'
      : `Savings: ${formatUsd(cost.counterfactual.savings_usd)} against ${formatUsd(cost.counterfactual.cost_usd)} had every request gone to ${cost.counterfactual.model}.`;
  return [total, savings];
}

/** The cost section of the terminal report. */
export function formatCostLines(cost: CostSummary, alignColumns: (rows: string[][]) => string[]): string[] {
  return [...describeCost(cost), ...costTables(cost).flatMap((table) => ['', ...alignColumns(table)])];
}
