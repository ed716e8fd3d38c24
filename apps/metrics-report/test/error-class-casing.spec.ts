import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsSummary } from '@biopipe/metrics';
import { createRoutingMetric } from '@biopipe/metrics/testing';
import { runReportCli, writeMetricsFile } from './report-fixtures.js';

let directory: string;
let file: string;

const failures = (errorClass: string, count: number, prefix: string): string =>
  Array.from({ length: count }, (_, index) =>
    JSON.stringify(
      createRoutingMetric({ request_id: `${prefix}-${index}`, success: false, error_class: errorClass, ttft_ms: null }),
    ),
  ).join('\n') + '\n';

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-error-class-'));
  file = path.join(directory, 'routing_metrics.jsonl');
  // A rotated file written before error classes were all kebab-case, then today's file.
  await writeMetricsFile(
    `${file}.1`,
    failures('cascade_exhausted', 3, 'old') + failures('no_backend_available', 1, 'old'),
  );
  await writeMetricsFile(file, failures('cascade-exhausted', 2, 'new'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('error classes of older files', () => {
  it('reports a snake_case cascade_exhausted as cascade-exhausted, counted with new records', async () => {
    const result = await runReportCli(['--file', file, '--format', 'json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as MetricsSummary;
    expect(summary.totals.requests).toBe(6);
    expect(summary.top_errors.map(({ error_class, count }) => ({ error_class, count }))).toEqual([
      { error_class: 'cascade-exhausted', count: 5 },
      { error_class: 'no-backend-available', count: 1 },
    ]);
  });

  it('shows the kebab-case class in the table', async () => {
    const result = await runReportCli(['--file', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cascade-exhausted');
    expect(result.stdout).not.toContain('cascade_exhausted');
  });
});
