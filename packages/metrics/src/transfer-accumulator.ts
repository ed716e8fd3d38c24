import { reviveComplexity } from './complexity-accumulator.js';
import { FloatSamples } from './float-samples.js';
import { MetricsAccumulator, type GroupAccumulator } from './metrics-accumulator.js';

// Accumulators cross threads by structured clone, which keeps Maps and typed arrays but not classes:
// the receiver rebuilds them. Sample buffers are transferred, not copied.

/** The sample buffers of an accumulator, to pass as `postMessage`'s transfer list. */
export function collectTransferables(accumulator: MetricsAccumulator): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const groups of [
    accumulator.byTask,
    accumulator.byModel,
    accumulator.byEndpoint,
    accumulator.complexity.byDecision,
  ]) {
    for (const group of groups.values())
      for (const run of [...group.latency, ...group.ttft]) buffers.push(run.values.buffer as ArrayBuffer);
  }
  return buffers;
}

type ClonedSamples = { values: Float64Array; length: number };
type ClonedGroup = Omit<GroupAccumulator, 'latency' | 'ttft'> & { latency: ClonedSamples[]; ttft: ClonedSamples[] };

function reviveGroups(into: Map<string, GroupAccumulator>, from: Map<string, ClonedGroup>): void {
  for (const [name, group] of from) {
    const revive = (runs: ClonedSamples[]): FloatSamples[] =>
      runs.map((run) => FloatSamples.from(run.values, run.length));
    into.set(name, { ...group, latency: revive(group.latency), ttft: revive(group.ttft) });
  }
}

/** Rebuilds an accumulator received from another thread. */
export function reviveAccumulator(cloned: MetricsAccumulator): MetricsAccumulator {
  const raw = cloned as unknown as {
    byTask: Map<string, ClonedGroup>;
    byModel: Map<string, ClonedGroup>;
    byEndpoint: Map<string, ClonedGroup>;
  } & MetricsAccumulator;
  const accumulator = new MetricsAccumulator();
  reviveGroups(accumulator.byTask, raw.byTask);
  reviveGroups(accumulator.byModel, raw.byModel);
  reviveGroups(accumulator.byEndpoint, raw.byEndpoint);
  for (const [key, value] of raw.fallbackDepths) accumulator.fallbackDepths.set(key, value);
  for (const [key, value] of raw.errors) accumulator.errors.set(key, value);
  for (const [key, value] of raw.minutes) accumulator.minutes.set(key, value);
  accumulator.cost = raw.cost;
  accumulator.complexity = reviveComplexity(raw.complexity);
  accumulator.variants = raw.variants;
  accumulator.firstTime = raw.firstTime;
  accumulator.lastTime = raw.lastTime;
  return accumulator;
}
