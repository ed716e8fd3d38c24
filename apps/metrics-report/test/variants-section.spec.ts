import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsSummary } from '@biopipe/metrics';
import { createRoutingMetric } from '@biopipe/metrics/testing';
import { runReportCli, writeMetricsFile } from './report-fixtures.js';

// A 50/50 biomedical split read by the built report with two worker threads: 60 requests per arm
// (biomed faster and more often rated good), ratings in the feedback file beside the metrics, one of
// them torn. The report must name biomed with its p-value in text, JSON and HTML.
let directory: string;
let file: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-variants-'));
  file = path.join(directory, 'routing_metrics.jsonl');
  const base = Date.UTC(2026, 0, 1);
  const metrics: string[] = [];
  const feedback: string[] = [];
  for (let index = 0; index < 120; index += 1) {
    const arm = index % 2 === 0 ? 'generalist' : 'biomed';
    const id = `r${index}`;
    metrics.push(
      JSON.stringify(
        createRoutingMetric({
          request_id: id,
          timestamp: new Date(base + index * 1000).toISOString(),
          task_type: 'biomedical',
          target: arm,
          latency_ms: (arm === 'biomed' ? 400 : 600) + (index % 17) * 10,
          variant: { experiment: 'biomedical', arm },
        }),
      ),
    );
    const good = arm === 'biomed' ? index % 10 !== 1 : index % 4 === 0;
    feedback.push(
      JSON.stringify({
        type: 'feedback',
        schema_version: 1,
        timestamp: new Date(base + index * 1000 + 500).toISOString(),
        request_id: id,
        rating: good ? 'good' : 'bad',
        source: 'gateway',
      }),
    );
  }
  await writeMetricsFile(file, `${metrics.join('\n')}\n`);
  await writeFile(path.join(directory, 'routing_metrics.feedback.jsonl'), `${feedback.join('\n')}\n{"type":"feedb\n`);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the A/B section of the metrics report', () => {
  it('names the better arm with its p-value in JSON, and warns of the torn feedback line', async () => {
    const result = await runReportCli(['--file', file, '--format', 'json', '--workers', '2']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 unreadable line skipped');
    expect(result.stderr).toContain('line 121');
    const { variants } = JSON.parse(result.stdout) as MetricsSummary;
    const [experiment] = variants?.experiments ?? [];
    expect(experiment?.arms.map((arm) => [arm.arm, arm.requests, arm.feedback.good, arm.feedback.bad])).toEqual([
      ['generalist', 60, 30, 30],
      ['biomed', 60, 48, 12],
    ]);
    expect(experiment?.comparisons[0]?.verdict).toMatchObject({ better: 'biomed', metric: 'feedback_score' });
    // scipy: z = 3.4450, p = 2 * norm.sf(z) = 0.000571
    expect(experiment?.comparisons[0]?.verdict.p_value).toBeCloseTo(0.000571, 6);
    expect(experiment?.comparisons[0]?.latency).toMatchObject({ status: 'tested', better: 'biomed' });
  });

  it('prints the verdict in the table and the HTML page', async () => {
    const table = await runReportCli(['--file', file]);
    expect(table.stdout).toContain('A/B split: biomedical');
    expect(table.stdout).toMatch(
      /Verdict: biomed is better than generalist on feedback score \(80\.0% good vs 50\.0%, p=5\.7e-4\)/,
    );
    const html = await runReportCli(['--file', file, '--format', 'html', '--output', path.join(directory, 'r.html')]);
    expect(html.code).toBe(0);
    const page = await import('node:fs/promises').then((fs) => fs.readFile(path.join(directory, 'r.html'), 'utf8'));
    expect(page).toContain('<h2>A/B split: biomedical</h2>');
    expect(page).toContain('biomed is better than generalist on feedback score');
  });
});
