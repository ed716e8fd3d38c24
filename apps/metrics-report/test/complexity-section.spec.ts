import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsSummary } from '@biopipe/metrics';
import { createRoutingMetric } from '@biopipe/metrics/testing';
import { runReportCli, writeMetricsFile } from './report-fixtures.js';

// 300 orchestration requests scored 0.00…0.99 (a third escalated to the cloud, which fails one in
// ten), 100 code_generation requests all kept on the coder, and 100 unscored math requests.
let directory: string;
let file: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-complexity-'));
  file = path.join(directory, 'routing_metrics.jsonl');
  const base = Date.UTC(2026, 0, 1);
  const lines = Array.from({ length: 500 }, (_, index) => {
    const task = index < 300 ? 'orchestration' : index < 400 ? 'code_generation' : 'math_statistics';
    const score = task === 'math_statistics' ? null : task === 'orchestration' ? (index % 100) / 100 : 0.05;
    const strong = score !== null && score >= 0.67;
    return JSON.stringify(
      createRoutingMetric({
        request_id: `r${index}`,
        timestamp: new Date(base + index * 1000).toISOString(),
        task_type: task,
        target: strong ? 'cloud' : 'generalist',
        cloud: strong,
        latency_ms: strong ? 2000 : 500,
        success: !(strong && index % 10 === 0),
        error_class: strong && index % 10 === 0 ? 'http-503' : null,
        complexity_score: score,
        complexity_decision: score === null ? null : strong ? 'strong' : 'weak',
        complexity_version: score === null ? null : 'builtin@0123abcd',
      }),
    );
  });
  await writeMetricsFile(file, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the complexity section of the metrics report', () => {
  it('gives the strong share by task, the score histogram, and kept versus escalated error rate and latency', async () => {
    const result = await runReportCli(['--file', file, '--format', 'json', '--workers', '2']);
    expect(result.code).toBe(0);
    const { complexity } = JSON.parse(result.stdout) as MetricsSummary;
    expect(complexity?.by_task).toEqual([
      { task_type: 'orchestration', scored: 300, strong: 99, strong_share: 0.33 },
      { task_type: 'code_generation', scored: 100, strong: 0, strong_share: 0 },
    ]);
    expect(complexity?.histogram.map((bin) => bin.requests)).toEqual([130, 30, 30, 30, 30, 30, 30, 30, 30, 30]);
    expect(complexity?.kept_weak).toMatchObject({
      requests: 301,
      error_rate: 0,
      cloud_share: 0,
      latency_ms: { p50: 500 },
    });
    expect(complexity?.escalated).toMatchObject({ requests: 99, cloud_share: 1, latency_ms: { p50: 2000 } });
    expect(complexity?.escalated?.error_rate).toBeCloseTo(9 / 99);
  });

  it('prints the section in the table, and leaves it out when no record has a score', async () => {
    const table = await runReportCli(['--file', file]);
    expect(table.stdout).toContain('Complexity routing');
    expect(table.stdout).toMatch(/orchestration\s+300\s+99\s+33\.0 ?%/);
    expect(table.stdout).toMatch(/^0\.0-0\.1 +#{30} +130$/m);
    expect(table.stdout).toMatch(/escalated to the strong target\s+99\s+9\.1 ?%/);
    const plain = path.join(directory, 'plain.jsonl');
    await writeMetricsFile(plain, `${JSON.stringify(createRoutingMetric())}\n`);
    const without = await runReportCli(['--file', plain, '--format', 'json']);
    expect((JSON.parse(without.stdout) as MetricsSummary).complexity).toBeNull();
  });
});
