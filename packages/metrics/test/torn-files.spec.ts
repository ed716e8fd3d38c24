import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aggregateMetricsFiles, createJsonlMetricsSink, readRoutingRecords, summarizeMetrics } from '@biopipe/metrics';
import { createRoutingMetric } from '@biopipe/metrics/testing';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-torn-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('damaged metrics files', () => {
  it('a file cut mid-line is reported, not fatal', async () => {
    const file = path.join(directory, 'cut', 'routing_metrics.jsonl');
    const sink = createJsonlMetricsSink({ path: file });
    for (let index = 0; index < 100; index += 1) sink.record(createRoutingMetric({ request_id: `req-${index}` }));
    await sink.close();
    const size = Buffer.byteLength(await readFile(file, 'utf8'));
    await truncate(file, size - 40); // as a crash mid-write leaves it

    const ids: string[] = [];
    const result = await readRoutingRecords({ path: file, onMetric: (record) => ids.push(record.request_id) });
    expect(ids).toEqual(Array.from({ length: 99 }, (_, index) => `req-${index}`));
    expect(result.invalid).toBe(1);
    expect(result.problems).toEqual([
      { file, line: 100, reason: expect.stringContaining('cut off at the end of the file') as unknown as string },
    ]);

    // Writing goes on after the torn line: the next append starts on the same line, so that line
    // stays unreadable, and every later one is read.
    const next = createJsonlMetricsSink({ path: file });
    next.record(createRoutingMetric({ request_id: 'req-after-1' }));
    next.record(createRoutingMetric({ request_id: 'req-after-2' }));
    await next.close();
    const aggregated = await aggregateMetricsFiles({ path: file });
    const summary = summarizeMetrics({ accumulator: aggregated.accumulator, statistics: aggregated });
    expect(summary.totals.requests).toBe(100);
    expect(summary.source.invalid_lines).toBe(1);
    expect(summary.source.problems[0]).toMatchObject({ line: 100, reason: 'not valid JSON (a torn or cut line?)' });
  });

  it('reads garbage, binary noise and blank lines around good records without stopping', async () => {
    const file = path.join(directory, 'noise', 'routing_metrics.jsonl');
    const good = JSON.stringify(createRoutingMetric());
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`${good}\n\n   \nnot json\n`),
        Buffer.from([0xff, 0xfe, 0x00, 0x0a]),
        Buffer.from(`${good}\n{"half":\n${good}`),
      ]),
    );
    const result = await readRoutingRecords({ path: file, onMetric: () => undefined });
    expect(result.metrics).toBe(3);
    expect(result.invalid).toBe(3);
    expect(result.problems.map((problem) => problem.line)).toEqual([4, 5, 7]);
  });
});
