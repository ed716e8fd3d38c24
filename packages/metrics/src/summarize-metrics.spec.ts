import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RoutingMetric } from '@biopipe/core';
import { aggregateMetricsFiles } from './aggregate-metrics-files.js';
import { NO_MODEL } from './metrics-accumulator.js';
import type { GroupSummary } from './metrics-summary.js';
import { summarizeMetrics } from './summarize-metrics.js';
import { createRoutingDecision, createRoutingMetric, createSeededRandom } from './testing/create-routing-records.js';

const TASKS = ['intent_parsing', 'code_generation', 'embeddings', 'math_statistics'];
const MODELS = ['qwen2.5-7b-instruct', 'qwen2.5-coder-7b-instruct', 'deepseek-chat', null];
const START = Date.UTC(2025, 5, 1);
const SINCE = START + 3_600_000;

function generate(count: number): RoutingMetric[] {
  const random = createSeededRandom(11);
  return Array.from({ length: count }, (_, index) => {
    const success = random() > 0.1;
    const model = MODELS[Math.floor(random() * MODELS.length)] ?? null;
    // Records right at the window's edge: one millisecond before, exactly at, one after.
    const time = index < 3 ? SINCE - 1 + index : START + Math.floor(random() * 2 * 3_600_000);
    return createRoutingMetric({
      request_id: `req-${index}`,
      timestamp: new Date(time).toISOString(),
      task_type: TASKS[Math.floor(random() * TASKS.length)] ?? 'safety',
      model_used: model,
      fallback_depth: random() < 0.8 ? 0 : Math.floor(random() * 3) + 1,
      cloud: model === 'deepseek-chat',
      ttft_ms: random() < 0.4 ? null : Math.round(random() * 5000) / 10,
      latency_ms: Math.round(random() * 100_000) / 10,
      success,
      error_class: success ? null : (['timeout', 'http-503', 'refused'][Math.floor(random() * 3)] ?? null),
    });
  });
}

/** The brute-force reference: filter, sort plain arrays, apply the type-7 definition. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = (sorted.length - 1) * fraction;
  const below = Math.floor(rank);
  const above = Math.min(sorted.length - 1, below + 1);
  return (sorted[below] as number) + (rank - below) * ((sorted[above] as number) - (sorted[below] as number));
}

function expectGroup(actual: GroupSummary | undefined, records: RoutingMetric[]): void {
  const latencies = records.map((record) => record.latency_ms);
  const ttfts = records.flatMap((record) => (record.ttft_ms === null ? [] : [record.ttft_ms]));
  expect(actual).toBeDefined();
  if (actual === undefined) return;
  expect(actual.requests).toBe(records.length);
  expect(actual.successes).toBe(records.filter((record) => record.success).length);
  expect(actual.fallbacks).toBe(records.filter((record) => record.fallback_depth > 0).length);
  expect(actual.cloud_requests).toBe(records.filter((record) => record.cloud).length);
  expect(actual.error_rate).toBeCloseTo(records.filter((record) => !record.success).length / records.length, 12);
  for (const [key, fraction] of [
    ['p50', 0.5],
    ['p95', 0.95],
    ['p99', 0.99],
  ] as const) {
    expect(actual.latency_ms[key]).toBeCloseTo(percentile(latencies, fraction) as number, 9);
    expect(actual.ttft_ms[key]).toBeCloseTo(percentile(ttfts, fraction) as number, 9);
  }
  expect(actual.latency_ms.count).toBe(latencies.length);
  expect(actual.ttft_ms.count).toBe(ttfts.length);
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-summary-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('summarizeMetrics', () => {
  it('computes every aggregate as a brute-force reference does, over the --since window', async () => {
    const records = generate(5000);
    const file = path.join(directory, 'routing_metrics.jsonl');
    // Decisions and a torn line in between must change nothing.
    await writeFile(
      file,
      records
        .map(
          (record, index) =>
            `${JSON.stringify(record)}\n${index % 100 === 0 ? `${JSON.stringify(createRoutingDecision({ timestamp: record.timestamp }))}\n` : ''}`,
        )
        .join('') + '{"type":"routing_metric","sche\n',
    );
    const result = await aggregateMetricsFiles({ path: file, sinceMs: SINCE });
    const summary = summarizeMetrics({
      accumulator: result.accumulator,
      statistics: result,
      sinceMs: SINCE,
      now: START + 7_200_000,
    });
    const inWindow = records.filter((record) => Date.parse(record.timestamp) >= SINCE);

    expect(inWindow.map((record) => record.request_id)).toEqual(expect.arrayContaining(['req-1', 'req-2']));
    expect(inWindow.map((record) => record.request_id)).not.toContain('req-0');
    expect(summary.source.records).toBe(inWindow.length);
    expect(summary.source.outside_window).toBe(records.length - inWindow.length + 50 - summary.source.decisions);
    expect(summary.source.invalid_lines).toBe(1);
    expect(summary.source.problems[0]).toMatchObject({ file, line: records.length + 50 + 1 });
    expect(summary.since).toBe(new Date(SINCE).toISOString());
    expect(summary.first_record).toBe(new Date(SINCE).toISOString());

    expectGroup(summary.totals, inWindow);
    for (const task of TASKS)
      expectGroup(
        summary.by_task.find((group) => group.task_type === task),
        inWindow.filter((record) => record.task_type === task),
      );
    for (const model of MODELS)
      expectGroup(
        summary.by_model.find((group) => group.model === (model ?? NO_MODEL)),
        inWindow.filter((record) => record.model_used === model),
      );

    const depths = new Map<number, number>();
    for (const record of inWindow) depths.set(record.fallback_depth, (depths.get(record.fallback_depth) ?? 0) + 1);
    expect(summary.fallback_depths.map((entry) => [entry.depth, entry.requests])).toEqual(
      [...depths.entries()].sort(([left], [right]) => left - right),
    );

    const failures = inWindow.filter((record) => !record.success);
    const errors = new Map<string, number>();
    for (const record of failures)
      errors.set(record.error_class ?? 'unknown', (errors.get(record.error_class ?? 'unknown') ?? 0) + 1);
    expect(summary.top_errors.map((entry) => [entry.error_class, entry.count])).toEqual(
      [...errors.entries()].sort(
        ([leftClass, left], [rightClass, right]) => right - left || (leftClass < rightClass ? -1 : 1),
      ),
    );

    const bucketed = summary.fallback_over_time.buckets;
    expect(bucketed.reduce((sum, bucket) => sum + bucket.requests, 0)).toBe(inWindow.length);
    expect(bucketed.reduce((sum, bucket) => sum + bucket.fallbacks, 0)).toBe(summary.totals.fallbacks);
    expect(bucketed.length).toBeLessThanOrEqual(96);
  });

  it('gives null percentiles and rates for an empty window', async () => {
    const file = path.join(directory, 'empty.jsonl');
    await writeFile(file, '');
    const result = await aggregateMetricsFiles({ path: file });
    const summary = summarizeMetrics({ accumulator: result.accumulator, statistics: result, now: START });
    expect(summary.totals).toMatchObject({
      requests: 0,
      success_rate: null,
      latency_ms: { count: 0, p50: null, p95: null, p99: null },
    });
    expect(summary.first_record).toBeNull();
    expect(summary.fallback_over_time.buckets).toEqual([]);
  });
});
