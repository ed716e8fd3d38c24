import type { MetricsSink, RoutingDecision, RoutingMetric, RoutingRecord } from '@biopipe/core';

/** A MetricsSink that keeps records in memory, for tests. */
export interface MemoryMetricsSink extends MetricsSink {
  readonly records: RoutingRecord[];
  metrics(): RoutingMetric[];
  decisions(): RoutingDecision[];
}

export function createMemoryMetricsSink(): MemoryMetricsSink {
  const records: RoutingRecord[] = [];
  return {
    records,
    record: (entry) => {
      records.push(entry);
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    metrics: () => records.filter((entry): entry is RoutingMetric => entry.type === 'routing_metric'),
    decisions: () => records.filter((entry): entry is RoutingDecision => entry.type === 'routing_decision'),
  };
}
