import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsSummary } from '@biopipe/metrics';
import { createRoutingMetric } from '@biopipe/metrics/testing';
import { runReportCli, writeMetricsFile } from './report-fixtures.js';

let directory: string;
let file: string;
let env: Record<string, string>;
const day = (offset: number): string => new Date(Date.UTC(2026, 11, 4 + offset, 12)).toISOString();

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-cost-'));
  file = path.join(directory, 'routing_metrics.jsonl');
  const records = [
    // A cloud orchestration answer, priced from usage; one estimated; two local answers that cost nothing.
    createRoutingMetric({
      timestamp: day(0),
      task_type: 'orchestration',
      model_used: 'deepseek-chat',
      cloud: true,
      prompt_tokens: 1000,
      completion_tokens: 500,
      cost_usd: 0.5,
      complexity_score: 0.9,
      complexity_decision: 'strong',
    }),
    createRoutingMetric({
      timestamp: day(1),
      task_type: 'orchestration',
      model_used: 'deepseek-chat',
      cloud: true,
      prompt_tokens: null,
      completion_tokens: null,
      query_length: 4000,
      cost_usd: 0.25,
      cost_estimated: true,
    }),
    createRoutingMetric({
      timestamp: day(1),
      task_type: 'code_generation',
      prompt_tokens: 2000,
      completion_tokens: 1000,
      cost_usd: 0,
      complexity_score: 0.1,
      complexity_decision: 'weak',
    }),
    createRoutingMetric({
      timestamp: day(1),
      task_type: 'code_generation',
      prompt_tokens: 0,
      completion_tokens: 0,
      cost_usd: 0,
    }),
  ];
  await writeMetricsFile(file, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  const configDir = path.join(directory, 'profiles');
  await mkdir(path.join(configDir, 'strategies'), { recursive: true });
  await writeFile(
    path.join(configDir, 'strategies', 'priced.yaml'),
    `profile_name: priced\nallow_cloud: true\nvllm_endpoints: { generalist: http://gpu-node-1:8001 }\ntask_routing: { "*": generalist }\nfallback: [deepseek-v3]\ncloud_prices:\n  deepseek-v3: { input_usd_per_mtok: 100, output_usd_per_mtok: 200, as_of: 2026-12-01 }\n`,
  );
  env = { BIOPIPELINES_CONFIG_DIR: configDir, HOME: path.join(directory, 'home'), BIOPIPELINES_STRATEGY: '' };
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the report’s cost section', () => {
  it('adds cost up by task, model and day, and prices the counterfactual at the profile’s first cloud model', async () => {
    const result = await runReportCli(['--file', file, '--format', 'json', '--strategy', 'priced'], { env });
    expect(result.code).toBe(0);
    const { cost } = JSON.parse(result.stdout) as MetricsSummary;
    expect(cost.total_usd).toBeCloseTo(0.75, 12);
    expect(cost.estimated_requests).toBe(1);
    expect(cost.by_task.map((group) => [group.task_type, group.cost_usd])).toEqual([
      ['orchestration', 0.75],
      ['code_generation', 0],
    ]);
    // Complexity routing's escalation cost what the cloud charged; what it kept local cost nothing.
    expect(cost.by_complexity.map((group) => [group.decision, group.requests, group.cost_usd])).toEqual([
      ['weak', 1, 0],
      ['strong', 1, 0.5],
    ]);
    expect(cost.by_day.map((group) => [group.day, group.requests, group.cost_usd])).toEqual([
      ['2026-12-04', 1, 0.5],
      ['2026-12-05', 3, 0.25],
    ]);
    // Tokens: 1000+1000 (4000 characters / 4)+2000+0 in, 500+0+1000+0 out, at $100 / $200 per million.
    const counterfactual = (4000 * 100 + 1500 * 200) / 1e6;
    expect(cost.counterfactual?.model).toBe('deepseek-v3');
    expect(cost.counterfactual?.cost_usd).toBeCloseTo(counterfactual, 12);
    expect(cost.counterfactual?.savings_usd).toBeCloseTo(counterfactual - 0.75, 12);
  });

  it('prints the section in the table, and says when there is nothing to compare with', async () => {
    const named = await runReportCli(['--file', file, '--strategy', 'priced'], { env });
    expect(named.stdout).toContain('Cloud cost $0.7500 (1 requests estimated from characters)');
    // Here the cluster's share was too small to pay for the dear estimated request: savings can be negative.
    expect(named.stdout).toContain('Savings: -$0.0500 against $0.7000 had every request gone to deepseek-v3.');
    expect(named.stdout).toMatch(/day \(UTC\)\s+requests\s+cloud\s+cost\s+estimated/);
    expect(named.stdout).toMatch(/escalated to strong\s+1\s+1\s+\$0\.5000\s+-/);
    const unnamed = await runReportCli(['--file', file], { env });
    expect(unnamed.stdout).toContain('Savings: no strategy named');
    const page = path.join(directory, 'report.html');
    await runReportCli(['--file', file, '--format', 'html', '--output', page, '--strategy', 'priced'], { env });
    const html = { stdout: await readFile(page, 'utf8') };
    expect(html.stdout).toContain('<h2>Cloud cost</h2>');
    expect(html.stdout).toContain('<td>orchestration</td><td>2</td><td>2</td><td>$0.7500</td><td>1</td>');
  });
});
