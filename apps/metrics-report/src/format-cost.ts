import type { CostGroupSummary, CostSummary } from '@biopipe/metrics/read';
import { formatCount } from './format-numbers.js';

const usd = (value: number): string =>
  `${value < 0 ? '-' : ''}$${Math.abs(value).toFixed(value !== 0 && Math.abs(value) < 1 ? 4 : 2)}`;

function row(name: string, group: CostGroupSummary): string[] {
  return [
    name,
    formatCount(group.requests),
    formatCount(group.cloud_requests),
    usd(group.cost_usd),
    group.estimated_requests === 0 ? '-' : formatCount(group.estimated_requests),
  ];
}

/** The cost section of the terminal report: by task, model and day, and the savings against the counterfactual. */
export function formatCostLines(cost: CostSummary, alignColumns: (rows: string[][]) => string[]): string[] {
  const header = ['requests', 'cloud', 'cost', 'estimated'];
  const savings =
    cost.counterfactual === null
      ? 'Savings: no strategy named, so no first cloud model to compare with (pass --strategy).'
      : `Savings: ${usd(cost.counterfactual.savings_usd)} against ${usd(cost.counterfactual.cost_usd)} had every request gone to ${cost.counterfactual.model}.`;
  return [
    `Cloud cost ${usd(cost.total_usd)}${cost.estimated_requests === 0 ? '' : ` (${formatCount(cost.estimated_requests)} requests estimated from characters)`}`,
    savings,
    '',
    ...alignColumns([['task type', ...header], ...cost.by_task.map((group) => row(group.task_type, group))]),
    '',
    ...alignColumns([['model', ...header], ...cost.by_model.map((group) => row(group.model, group))]),
    '',
    ...alignColumns([['day (UTC)', ...header], ...cost.by_day.map((group) => row(group.day, group))]),
  ];
}
