import { DAY_MS, type CostAccumulator, type CostGroup } from './cost-accumulator.js';

/** The price the counterfactual uses: the profile's first cloud model. */
export interface CounterfactualPrice {
  model: string;
  input_usd_per_mtok: number;
  output_usd_per_mtok: number;
}

/** Spend of one group, in US dollars. */
export interface CostGroupSummary {
  requests: number;
  cloud_requests: number;
  cost_usd: number;
  /** Requests whose cost is an estimate. */
  estimated_requests: number;
}

/** The report's cost section. */
export interface CostSummary {
  total_usd: number;
  estimated_requests: number;
  by_task: (CostGroupSummary & { task_type: string })[];
  by_model: (CostGroupSummary & { model: string })[];
  by_day: (CostGroupSummary & { day: string })[];
  /** What complexity routing's decisions cost: requests kept on the weak target, then those escalated to the strong one. */
  by_complexity: (CostGroupSummary & { decision: 'weak' | 'strong' })[];
  /** What the same requests would have cost had every one gone to `model`; null when no profile names one. */
  counterfactual: { model: string; cost_usd: number; savings_usd: number } | null;
}

const summarize = (group: CostGroup): CostGroupSummary => ({
  requests: group.requests,
  cloud_requests: group.cloud_requests,
  cost_usd: group.cost_nano_usd / 1e9,
  estimated_requests: group.estimated,
});

/** Cost by task (highest first), model (highest first) and day (in order), and the savings against the counterfactual. */
export function summarizeCost(cost: CostAccumulator, counterfactual: CounterfactualPrice | undefined): CostSummary {
  const byCost = <T extends CostGroupSummary>(left: T, right: T): number =>
    right.cost_usd - left.cost_usd || right.requests - left.requests;
  const days = [...cost.byDay.values()];
  const total = days.reduce((sum, group) => sum + group.cost_nano_usd, 0) / 1e9;
  // Token counts are integers, so their sums are exact in any order; price them once.
  const promptTokens = days.reduce((sum, group) => sum + group.prompt_tokens, 0);
  const completionTokens = days.reduce((sum, group) => sum + group.completion_tokens, 0);
  const counterfactualCost =
    counterfactual === undefined
      ? undefined
      : (promptTokens * counterfactual.input_usd_per_mtok + completionTokens * counterfactual.output_usd_per_mtok) /
        1_000_000;
  return {
    total_usd: total,
    estimated_requests: days.reduce((sum, group) => sum + group.estimated, 0),
    by_task: [...cost.byTask.entries()].map(([task_type, group]) => ({ task_type, ...summarize(group) })).sort(byCost),
    by_model: [...cost.byModel.entries()].map(([model, group]) => ({ model, ...summarize(group) })).sort(byCost),
    by_day: [...cost.byDay.entries()]
      .sort(([left], [right]) => left - right)
      .map(([day, group]) => ({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), ...summarize(group) })),
    by_complexity: (['weak', 'strong'] as const).flatMap((decision) => {
      const group = cost.byComplexity.get(decision);
      return group === undefined ? [] : [{ decision, ...summarize(group) }];
    }),
    counterfactual:
      counterfactual === undefined || counterfactualCost === undefined
        ? null
        : { model: counterfactual.model, cost_usd: counterfactualCost, savings_usd: counterfactualCost - total },
  };
}
