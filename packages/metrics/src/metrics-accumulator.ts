import type { MetricFields } from './scan-metric-line.js';
import { addCost, combineCosts, createCostAccumulator } from './cost-accumulator.js';
import { addComplexity, combineComplexity, createComplexityAccumulator } from './complexity-accumulator.js';
import { createFloatSamples, pushSample, type FloatSamples } from './float-samples.js';
import { addVariant, combineVariants, type VariantAccumulator } from './variant-accumulator.js';

/** Counts and samples of one group of requests (a task type, a model, or everything). Samples come in runs, one per file range read. */
export interface GroupAccumulator {
  requests: number;
  successes: number;
  fallbacks: number;
  cloud: number;
  latency: FloatSamples[];
  /** Time to first token, for requests that had one. */
  ttft: FloatSamples[];
}

/** Group name for requests no model served. */
export const NO_MODEL = '(none)';
/** Width of the finest time bucket kept while reading; the report merges them into wider ones. */
export const MINUTE_MS = 60_000;

export function createGroupAccumulator(): GroupAccumulator {
  return {
    requests: 0,
    successes: 0,
    fallbacks: 0,
    cloud: 0,
    latency: [createFloatSamples()],
    ttft: [createFloatSamples()],
  };
}

/** Several groups' counts added up and their sample runs listed together (never copied: percentiles select across runs). */
export function combineGroupAccumulators(groups: readonly GroupAccumulator[]): GroupAccumulator {
  const combined = { requests: 0, successes: 0, fallbacks: 0, cloud: 0 };
  for (const group of groups) {
    combined.requests += group.requests;
    combined.successes += group.successes;
    combined.fallbacks += group.fallbacks;
    combined.cloud += group.cloud;
  }
  return {
    ...combined,
    latency: groups.flatMap((group) => group.latency),
    ttft: groups.flatMap((group) => group.ttft),
  };
}

function addToGroup(group: GroupAccumulator, record: MetricFields): void {
  group.requests += 1;
  if (record.success) group.successes += 1;
  if (record.fallback_depth > 0) group.fallbacks += 1;
  if (record.cloud) group.cloud += 1;
  // A group that `add` fills has one run of each.
  pushSample(group.latency[0] as FloatSamples, record.latency_ms);
  if (record.ttft_ms !== null) pushSample(group.ttft[0] as FloatSamples, record.ttft_ms);
}

/**
 * Everything the report needs from a set of metric records, in memory proportional to the number of
 * records only through the latency samples (16–32 bytes a request): counts are kept per task type,
 * model, fallback depth, error class and minute. Partial accumulators (one per file range) combine.
 */
export class MetricsAccumulator {
  readonly byTask = new Map<string, GroupAccumulator>();
  readonly byModel = new Map<string, GroupAccumulator>();
  /** By serving endpoint (a replica URL or a cloud base URL), so TTFT per replica shows whether prefix affinity pays. */
  readonly byEndpoint = new Map<string, GroupAccumulator>();
  readonly fallbackDepths = new Map<number, number>();
  /** Failed requests by error class. */
  readonly errors = new Map<string, number>();
  /** Requests and fallbacks per minute (key: minute start, epoch ms). */
  readonly minutes = new Map<number, { requests: number; fallbacks: number }>();
  /** Cloud cost by task, model and day. */
  cost = createCostAccumulator();
  /** Complexity routing: escalations by task, score histogram, kept-local versus escalated groups. */
  complexity = createComplexityAccumulator();
  /** A/B splits: per experiment and arm, counts, latencies and request ids (for feedback). */
  variants: VariantAccumulator = new Map();
  firstTime = Number.POSITIVE_INFINITY;
  lastTime = Number.NEGATIVE_INFINITY;
  // Records come in time order: the last minute's bucket is usually the next one's too.
  private lastMinute = Number.NaN;
  private lastBucket: { requests: number; fallbacks: number } | undefined;

  /** Adds one metric record whose timestamp is `time` (epoch ms). */
  add(record: MetricFields, time: number): void {
    let task = this.byTask.get(record.task_type);
    if (task === undefined) this.byTask.set(record.task_type, (task = createGroupAccumulator()));
    addToGroup(task, record);
    const modelName = record.model_used ?? NO_MODEL;
    let model = this.byModel.get(modelName);
    if (model === undefined) this.byModel.set(modelName, (model = createGroupAccumulator()));
    addToGroup(model, record);
    const endpointName = record.endpoint ?? NO_MODEL;
    let endpoint = this.byEndpoint.get(endpointName);
    if (endpoint === undefined) this.byEndpoint.set(endpointName, (endpoint = createGroupAccumulator()));
    addToGroup(endpoint, record);
    addCost(this.cost, record, time, modelName);
    this.fallbackDepths.set(record.fallback_depth, (this.fallbackDepths.get(record.fallback_depth) ?? 0) + 1);
    if (record.complexity_score !== null) addComplexity(this.complexity, record, addToGroup, createGroupAccumulator);
    if (record.variant !== undefined) addVariant(this.variants, record);
    if (!record.success) {
      const errorClass = record.error_class ?? 'unknown';
      this.errors.set(errorClass, (this.errors.get(errorClass) ?? 0) + 1);
    }
    const minute = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    let bucket = minute === this.lastMinute ? this.lastBucket : this.minutes.get(minute);
    if (bucket === undefined) this.minutes.set(minute, (bucket = { requests: 0, fallbacks: 0 }));
    this.lastMinute = minute;
    this.lastBucket = bucket;
    bucket.requests += 1;
    if (record.fallback_depth > 0) bucket.fallbacks += 1;
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
  }

  /**
   * An accumulator that crossed threads: structured clone keeps every field (all plain data: maps,
   * typed arrays, objects) but not the class.
   */
  static revive(cloned: MetricsAccumulator): MetricsAccumulator {
    return Object.assign(new MetricsAccumulator(), cloned);
  }

  /** One accumulator holding everything in `parts` (partial accumulators, one per file range). */
  static combine(parts: readonly MetricsAccumulator[]): MetricsAccumulator {
    const combined = new MetricsAccumulator();
    const combineGroups = (
      into: Map<string, GroupAccumulator>,
      select: (part: MetricsAccumulator) => Map<string, GroupAccumulator>,
    ): void => {
      const names = new Set(parts.flatMap((part) => [...select(part).keys()]));
      for (const name of names) {
        const groups = parts.flatMap((part) => select(part).get(name) ?? []);
        into.set(name, combineGroupAccumulators(groups));
      }
    };
    combineGroups(combined.byTask, (part) => part.byTask);
    combineGroups(combined.byModel, (part) => part.byModel);
    combineGroups(combined.byEndpoint, (part) => part.byEndpoint);
    combined.cost = combineCosts(parts.map((part) => part.cost));
    combined.complexity = combineComplexity(
      parts.map((part) => part.complexity),
      combineGroupAccumulators,
    );
    combined.variants = combineVariants(parts.map((part) => part.variants));
    for (const part of parts) {
      for (const [depth, count] of part.fallbackDepths)
        combined.fallbackDepths.set(depth, (combined.fallbackDepths.get(depth) ?? 0) + count);
      for (const [errorClass, count] of part.errors)
        combined.errors.set(errorClass, (combined.errors.get(errorClass) ?? 0) + count);
      for (const [minute, counts] of part.minutes) {
        const bucket = combined.minutes.get(minute);
        if (bucket === undefined) combined.minutes.set(minute, { ...counts });
        else {
          bucket.requests += counts.requests;
          bucket.fallbacks += counts.fallbacks;
        }
      }
      combined.firstTime = Math.min(combined.firstTime, part.firstTime);
      combined.lastTime = Math.max(combined.lastTime, part.lastTime);
    }
    return combined;
  }
}
