import type { MetricFields } from './scan-metric-line.js';

/**
 * One arm of one A/B split, as read: plain arrays (they cross worker threads by structured clone as
 * they are). Latencies are kept whole for the Mann–Whitney test, and request ids to join feedback;
 * only requests with a variant are kept, so this grows with the experiment, not the file.
 */
export interface ArmAccumulator {
  experiment: string;
  arm: string;
  requests: number;
  successes: number;
  latencies: number[];
  requestIds: string[];
}

/** Arms by `experiment\u0000arm`. */
export type VariantAccumulator = Map<string, ArmAccumulator>;

export function addVariant(accumulator: VariantAccumulator, record: MetricFields): void {
  const variant = record.variant;
  if (variant === undefined) return;
  const key = `${variant.experiment}\u0000${variant.arm}`;
  let arm = accumulator.get(key);
  if (arm === undefined)
    accumulator.set(
      key,
      (arm = {
        experiment: variant.experiment,
        arm: variant.arm,
        requests: 0,
        successes: 0,
        latencies: [],
        requestIds: [],
      }),
    );
  arm.requests += 1;
  if (record.success) arm.successes += 1;
  arm.latencies.push(record.latency_ms);
  arm.requestIds.push(record.request_id);
}

/** Partial accumulators (one per file range) added up. */
export function combineVariants(parts: readonly VariantAccumulator[]): VariantAccumulator {
  const combined: VariantAccumulator = new Map();
  for (const part of parts)
    for (const [key, arm] of part) {
      const into = combined.get(key);
      if (into === undefined) {
        combined.set(key, { ...arm, latencies: [...arm.latencies], requestIds: [...arm.requestIds] });
        continue;
      }
      into.requests += arm.requests;
      into.successes += arm.successes;
      for (const latency of arm.latencies) into.latencies.push(latency);
      for (const id of arm.requestIds) into.requestIds.push(id);
    }
  return combined;
}
