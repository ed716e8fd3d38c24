import type { MetricFields } from './scan-metric-line.js';

/** Characters per token for records without usage (as the router estimates cost). */
const CHARACTERS_PER_TOKEN = 4;

/** Spend and tokens of one group of requests (a task type, a model or a UTC day). Plain data: it crosses threads by structured clone. */
export interface CostGroup {
  requests: number;
  /** Requests a cloud model served. */
  cloud_requests: number;
  /**
   * Cost in whole nano-dollars: integer sums do not depend on the order records are added in, so one
   * thread and several give the same figures (exact up to $9 million).
   */
  cost_nano_usd: number;
  /** Requests whose cost was estimated (no usage from the provider, or an unpriced model). */
  estimated: number;
  /** Tokens of every request, estimated from characters where usage is missing: what the counterfactual prices. */
  prompt_tokens: number;
  completion_tokens: number;
}

/** Cost by task type, model and UTC day. */
export interface CostAccumulator {
  byTask: Map<string, CostGroup>;
  byModel: Map<string, CostGroup>;
  /** Keyed by days since the epoch (UTC): a division per record, where formatting a date would cost far more. */
  byDay: Map<number, CostGroup>;
  /** Keyed by complexity routing's decision: `weak` (kept on the weak target) or `strong` (escalated). */
  byComplexity: Map<string, CostGroup>;
}

/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

export function createCostAccumulator(): CostAccumulator {
  return { byTask: new Map(), byModel: new Map(), byDay: new Map(), byComplexity: new Map() };
}

const emptyGroup = (): CostGroup => ({
  requests: 0,
  cloud_requests: 0,
  cost_nano_usd: 0,
  estimated: 0,
  prompt_tokens: 0,
  completion_tokens: 0,
});

function addTo<K>(map: Map<K, CostGroup>, key: K, record: MetricFields): void {
  let group = map.get(key);
  if (group === undefined) map.set(key, (group = emptyGroup()));
  group.requests += 1;
  if (record.cloud && record.success) group.cloud_requests += 1;
  group.cost_nano_usd += Math.round(record.cost_usd * 1e9);
  if (record.cost_estimated) group.estimated += 1;
  group.prompt_tokens += record.prompt_tokens ?? Math.ceil(record.query_length / CHARACTERS_PER_TOKEN);
  group.completion_tokens += record.completion_tokens ?? 0;
}

/** Adds one metric record whose timestamp is `time` (epoch ms). */
export function addCost(accumulator: CostAccumulator, record: MetricFields, time: number, model: string): void {
  addTo(accumulator.byTask, record.task_type, record);
  addTo(accumulator.byModel, model, record);
  addTo(accumulator.byDay, Math.floor(time / DAY_MS), record);
  if (record.complexity_decision !== null) addTo(accumulator.byComplexity, record.complexity_decision, record);
}

/** Partial accumulators (one per file range) added up. */
export function combineCosts(parts: readonly CostAccumulator[]): CostAccumulator {
  const combined = createCostAccumulator();
  for (const part of parts) {
    const pairs: [Map<string | number, CostGroup>, Map<string | number, CostGroup>][] = [
      [combined.byTask, part.byTask],
      [combined.byModel, part.byModel],
      [combined.byDay, part.byDay],
      [combined.byComplexity, part.byComplexity],
    ];
    for (const [target, source] of pairs) {
      for (const [name, group] of source) {
        const into = target.get(name) ?? emptyGroup();
        into.requests += group.requests;
        into.cloud_requests += group.cloud_requests;
        into.cost_nano_usd += group.cost_nano_usd;
        into.estimated += group.estimated;
        into.prompt_tokens += group.prompt_tokens;
        into.completion_tokens += group.completion_tokens;
        target.set(name, into);
      }
    }
  }
  return combined;
}
