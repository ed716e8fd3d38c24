import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { aggregateMetricsFiles } from './aggregate-metrics-files.js';
import { readFeedback, resolveFeedbackPath } from './feedback-file.js';
import { MetricsAccumulator } from './metrics-accumulator.js';
import { summarizeMetrics } from './summarize-metrics.js';
import { createRoutingMetric } from './testing/create-routing-records.js';

const lines = (records: readonly object[]): string => records.map((record) => `${JSON.stringify(record)}\n`).join('');

/** `count` requests of one arm: the first `successes` succeed; latencies base, base+3, … */
function arm(name: string, count: number, successes: number, base: number) {
  return Array.from({ length: count }, (_, index) =>
    createRoutingMetric({
      request_id: `${name}-${index}`,
      task_type: 'biomedical',
      target: name,
      success: index < successes,
      latency_ms: base + index * 3,
      variant: { experiment: 'biomedical', arm: name },
    }),
  );
}

function feedback(name: string, good: number, rated: number) {
  return Array.from({ length: rated }, (_, index) => ({
    type: 'feedback',
    schema_version: 1,
    timestamp: '2025-06-01T12:05:00.000Z',
    request_id: `${name}-${index}`,
    rating: index < good ? 'good' : 'bad',
    source: 'cli',
  }));
}

describe('the variants section of the report, from real files', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'variants-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function summarize(records: readonly object[], feedbackText?: string) {
    const file = path.join(directory, 'routing_metrics.jsonl');
    await writeFile(file, lines(records));
    if (feedbackText !== undefined) await writeFile(resolveFeedbackPath(file), feedbackText);
    const result = await aggregateMetricsFiles({ path: file });
    const index = await readFeedback(resolveFeedbackPath(file));
    return summarizeMetrics({ accumulator: result.accumulator, statistics: result, feedback: index });
  }

  it('names the better arm with its p-value, and skips a torn feedback line with its line number', async () => {
    const records = [
      ...arm('generalist', 40, 30, 200),
      ...arm('biomed', 40, 38, 100),
      createRoutingMetric({ request_id: 'no-split' }),
    ];
    const torn = '{"type":"feedback","schema_ver';
    const text = `${lines(feedback('generalist', 20, 40))}${torn}\n${lines(feedback('biomed', 34, 40))}${lines([{ ...feedback('x', 1, 1)[0], request_id: 'unknown-request' }])}`;
    const summary = await summarize(records, text);
    const variants = summary.variants;
    expect(variants?.feedback).toEqual({
      records: 81,
      matched: 80,
      unmatched: 1,
      skipped_lines: 1,
      problems: [{ line: 41, reason: 'not valid JSON (a torn or cut line?)' }],
    });
    const [experiment] = variants?.experiments ?? [];
    expect(experiment?.arms.map((entry) => [entry.arm, entry.requests, entry.success_rate, entry.feedback])).toEqual([
      ['generalist', 40, 0.75, { good: 20, bad: 20, score: 0.5 }],
      ['biomed', 40, 0.95, { good: 34, bad: 6, score: 0.85 }],
    ]);
    const comparison = experiment?.comparisons[0];
    // Expected p-values: scipy (see significance-tests.spec.ts for the method).
    expect(comparison?.feedback_score).toMatchObject({ status: 'tested', better: 'biomed' });
    expect(comparison?.verdict.better).toBe('biomed');
    expect(comparison?.verdict.metric).toBe('feedback_score');
    expect(comparison?.verdict.p_value).toBeCloseTo(0.0008321620134775343, 6);
    expect(comparison?.success_rate).toMatchObject({ status: 'tested', better: 'biomed' });
    if (comparison?.success_rate.status === 'tested')
      expect(comparison.success_rate.p_value).toBeCloseTo(0.012248700038386458, 6);
    expect(comparison?.latency).toMatchObject({ status: 'tested', better: 'biomed', statistic: 21 });
    expect(comparison?.verdict.text).toBe(
      'biomed is better than generalist on feedback score (85.0% good vs 50.0%, p=8.3e-4)',
    );
  });

  it('says "not enough data" below 30 requests per arm, and falls back to success rate without feedback', async () => {
    const few = await summarize([...arm('generalist', 29, 20, 200), ...arm('biomed', 40, 38, 100)]);
    expect(few.variants?.experiments[0]?.comparisons[0]?.verdict).toEqual({
      better: null,
      metric: null,
      p_value: null,
      text: 'not enough data: biomed has 40 and generalist 29 requests; 30 per arm are needed',
    });
    const unrated = await summarize([...arm('generalist', 40, 30, 100), ...arm('biomed', 40, 38, 100)]);
    const comparison = unrated.variants?.experiments[0]?.comparisons[0];
    expect(comparison?.feedback_score).toEqual({ status: 'not-enough-data', needed: 30, have: [0, 0] });
    expect(comparison?.verdict).toMatchObject({ better: 'biomed', metric: 'success_rate' });
    expect(comparison?.latency).toMatchObject({ status: 'tested', better: null, p_value: 1 });
  });

  it('counts the same after the accumulator is split, sent across threads and combined', () => {
    const records = [...arm('generalist', 40, 30, 200), ...arm('biomed', 40, 38, 100)];
    const whole = new MetricsAccumulator();
    const parts = [new MetricsAccumulator(), new MetricsAccumulator(), new MetricsAccumulator()];
    records.forEach((record, index) => {
      whole.add(record, 0);
      parts[index % 3]?.add(record, 0);
    });
    const combined = MetricsAccumulator.combine(parts.map((part) => MetricsAccumulator.revive(structuredClone(part))));
    const order = (accumulator: MetricsAccumulator) =>
      [...accumulator.variants.values()].map((entry) => ({
        ...entry,
        latencies: [...entry.latencies].sort((a, b) => a - b),
        requestIds: [...entry.requestIds].sort(),
      }));
    expect(order(combined)).toEqual(order(whole));
  });

  it('leaves the section out when no record has a variant', async () => {
    expect((await summarize([createRoutingMetric()])).variants).toBeNull();
  });
});
