import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsSummary } from '@biopipe/metrics';
import { createMetricsLines, runReportCli, writeMetricsFile } from './report-fixtures.js';

let directory: string;
let file: string;
const now = Date.now();

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-cli-'));
  file = path.join(directory, 'logs', 'routing_metrics.jsonl');
  // 48 hours of records, so --since=24h keeps about half.
  await writeMetricsFile(file, createMetricsLines({ count: 2000, now, hours: 48 }));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('metrics-report CLI', () => {
  it('prints a table from logs/routing_metrics.jsonl under the working directory', async () => {
    const result = await runReportCli(['--since=24h'], { cwd: directory, env: { BIOPIPELINES_METRICS_PATH: '' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Routing metrics, since');
    expect(result.stdout).toMatch(/Requests\s+\d/);
    expect(result.stdout).toContain('By task type');
    expect(result.stdout).toContain('code_generation');
    expect(result.stdout).toContain('Top errors');
    expect(result.stdout).toContain('linear interpolation between closest ranks');
  });

  it('gives stable JSON, grouped both ways, that --since narrows', async () => {
    const all = await runReportCli(['--file', file, '--format', 'json']);
    const day = await runReportCli(['--file', file, '--format', 'json', '--since', '24h', '--by', 'model']);
    expect(all.code).toBe(0);
    expect(day.code).toBe(0);
    const summaryAll = JSON.parse(all.stdout) as MetricsSummary;
    const summaryDay = JSON.parse(day.stdout) as MetricsSummary;
    expect(Object.keys(summaryAll)).toEqual([
      'summary_version',
      'generated_at',
      'since',
      'first_record',
      'last_record',
      'percentile_method',
      'source',
      'totals',
      'fallback_depths',
      'by_task',
      'by_model',
      'by_endpoint',
      'top_errors',
      'fallback_over_time',
      'cost',
      'complexity',
      'variants',
    ]);
    expect(summaryAll.totals.requests).toBe(2000);
    expect(summaryAll.source.decisions).toBe(100);
    expect(summaryDay.totals.requests).toBeGreaterThan(900);
    expect(summaryDay.totals.requests).toBeLessThan(1100);
    expect(summaryDay.by_model.map((group) => group.model).sort()).toEqual([
      'deepseek-chat',
      'qwen2.5-7b-instruct',
      'qwen2.5-coder-7b-instruct',
    ]);
    expect(summaryDay.source.outside_window).toBe(2100 - summaryDay.totals.requests - summaryDay.source.decisions);
  });

  it('shows TTFT per replica with --by replica', async () => {
    const result = await runReportCli(['--file', file, '--by', 'replica', '--format', 'json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as MetricsSummary;
    const replica = summary.by_endpoint.find((group) => group.endpoint === 'http://127.0.0.1:8002');
    expect(replica?.ttft_ms.count).toBeGreaterThan(0);
    expect(replica?.ttft_ms.p50).toEqual(expect.any(Number));
    expect(summary.by_endpoint.reduce((sum, group) => sum + group.requests, 0)).toBe(summary.totals.requests);
    const table = await runReportCli(['--file', file, '--by', 'replica']);
    expect(table.stdout).toContain('replica (endpoint)');
    expect(table.stdout).toContain('TTFT p50');
  });

  it('groups the table by model with --by model', async () => {
    const result = await runReportCli(['--file', file, '--by', 'model']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('By model');
    expect(result.stdout).toContain('qwen2.5-coder-7b-instruct');
  });

  it('reads the path from BIOPIPELINES_METRICS_PATH', async () => {
    const result = await runReportCli(['--format=json'], { cwd: tmpdir(), env: { BIOPIPELINES_METRICS_PATH: file } });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as MetricsSummary).source.files).toEqual([file]);
  });

  it("reads the metrics file of the strategy biopipe would use: --strategy, BIOPIPELINES_STRATEGY, or the user's default", async () => {
    const configDir = path.join(directory, 'profiles');
    const home = path.join(directory, 'home');
    const elsewhere = path.join(directory, 'shared', 'team_metrics.jsonl');
    await writeMetricsFile(elsewhere, createMetricsLines({ count: 30, now, hours: 1, seed: 3 }));
    await mkdir(path.join(configDir, 'strategies'), { recursive: true });
    await writeFile(
      path.join(configDir, 'strategies', 'team_site.yaml'),
      `profile_name: team_site\nallow_cloud: false\nvllm_endpoints:\n  generalist: http://gpu-node-1:8001\ntask_routing: { "*": generalist }\nmetrics: { path: ${JSON.stringify(elsewhere)} }\n`,
    );
    const env = {
      BIOPIPELINES_METRICS_PATH: '',
      BIOPIPELINES_CONFIG_DIR: configDir,
      BIOPIPELINES_STRATEGY: '',
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
    };
    const sourceFiles = (text: string): string[] => (JSON.parse(text) as MetricsSummary).source.files;

    const byFlag = await runReportCli(['--format=json', '--strategy', 'team_site'], { cwd: directory, env });
    expect(byFlag.code).toBe(0);
    expect(sourceFiles(byFlag.stdout)).toEqual([elsewhere]);

    const byEnv = await runReportCli(['--format=json'], {
      cwd: directory,
      env: { ...env, BIOPIPELINES_STRATEGY: 'team_site' },
    });
    expect(sourceFiles(byEnv.stdout)).toEqual([elsewhere]);

    await mkdir(path.join(home, '.config', 'biopipe'), { recursive: true });
    await writeFile(
      path.join(home, '.config', 'biopipe', 'settings.json'),
      JSON.stringify({ default_strategy: 'team_site' }),
    );
    const byDefault = await runReportCli(['--format=json'], { cwd: directory, env });
    expect(sourceFiles(byDefault.stdout)).toEqual([elsewhere]);

    // BIOPIPELINES_METRICS_PATH still wins, as when biopipe writes; an unknown profile is a usage error.
    const byPath = await runReportCli(['--format=json', '--strategy', 'team_site'], {
      cwd: tmpdir(),
      env: { ...env, BIOPIPELINES_METRICS_PATH: file },
    });
    expect(sourceFiles(byPath.stdout)).toEqual([file]);
    const unknown = await runReportCli(['--strategy', 'team_sight'], { cwd: directory, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown strategy profile "team_sight"');
    expect(unknown.stderr).toContain('team_site');
  });

  it('gives the same numbers on one thread and on several', async () => {
    const big = path.join(directory, 'big', 'routing_metrics.jsonl');
    await writeMetricsFile(big, createMetricsLines({ count: 40_000, now, hours: 24, seed: 9 }));
    const strip = (text: string): unknown => ({ ...(JSON.parse(text) as MetricsSummary), generated_at: null });
    const single = await runReportCli(['--file', big, '--format', 'json', '--workers', '1']);
    const parallel = await runReportCli(['--file', big, '--format', 'json', '--workers', '3']);
    expect(single.code).toBe(0);
    expect(parallel.code).toBe(0);
    expect(strip(parallel.stdout)).toEqual(strip(single.stdout));
  }, 60_000);

  it('says which path is missing and how metrics get written (exit 3)', async () => {
    const missing = path.join(directory, 'nowhere', 'routing_metrics.jsonl');
    const result = await runReportCli(['--file', missing]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`No metrics file at ${missing}`);
    expect(result.stderr).toContain('BIOPIPELINES_METRICS_PATH');
    expect(result.stderr).toContain('biopipe appends one line per routed request');
  });

  it('says the file is empty (exit 3)', async () => {
    const empty = path.join(directory, 'empty.jsonl');
    await writeFile(empty, '');
    const result = await runReportCli(['--file', empty]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`The metrics file ${empty} is empty`);
  });

  it('says nothing is in the window and how old the newest record is (exit 3), with empty JSON for scripts', async () => {
    const old = path.join(directory, 'old.jsonl');
    await writeMetricsFile(old, createMetricsLines({ count: 50, now: now - 10 * 86_400_000, hours: 2 }));
    const result = await runReportCli(['--file', old, '--since', '7d', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Nothing in the window: all 53 records are older than');
    expect(result.stderr).toContain('Try a longer --since');
    expect((JSON.parse(result.stdout) as MetricsSummary).totals.requests).toBe(0);
  });

  it('counts unreadable lines, names the first ones, and reports the rest (exit 0)', async () => {
    const torn = path.join(directory, 'torn.jsonl');
    const text = createMetricsLines({ count: 30, now, hours: 1 });
    await writeFile(
      torn,
      `${text}{"type":"routing_metric","schema_version":1,"timest\nnot json at all\n${text.slice(0, 200)}`,
    );
    const result = await runReportCli(['--file', torn]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: skipped 3 unreadable lines');
    expect(result.stderr).toContain(`${torn}:33: not valid JSON`);
    expect(result.stderr).toContain('cut off at the end of the file');
    expect(result.stdout).toMatch(/Requests\s+30\n/);
  });

  it('says so when no line is readable (exit 3)', async () => {
    const garbage = path.join(directory, 'garbage.jsonl');
    await writeFile(garbage, 'a\nb\n');
    const result = await runReportCli(['--file', garbage]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('None of the 2 lines');
  });

  it.each([
    [['--since', '24'], 'a number needs a unit'],
    [['--since', 'yesterday'], 'neither a duration nor an ISO 8601 time'],
    [['--format', 'xml'], "argument 'xml' is invalid"],
    [['--by', 'endpoint'], "argument 'endpoint' is invalid"],
    [['--workers', '0'], 'must be a whole number'],
    [['--frobnicate'], "unknown option '--frobnicate'"],
  ])('rejects %j with exit 2 and says why', async (args, message) => {
    const result = await runReportCli(['--file', file, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('rejects a directory given as --file (exit 2)', async () => {
    const result = await runReportCli(['--file', path.dirname(file)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a directory');
  });

  it('says clearly when the report cannot be written (exit 1)', async () => {
    const blocked = path.join(directory, 'a-file');
    await writeFile(blocked, 'x');
    const result = await runReportCli([
      '--file',
      file,
      '--format',
      'html',
      '--output',
      path.join(blocked, 'report.html'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*(ENOTDIR|EEXIST)/);
    expect(result.stderr).toContain('hint: A part of the path is a file, not a directory');
  });

  it('writes the report to --output', async () => {
    const output = path.join(directory, 'out', 'report.json');
    await mkdir(path.dirname(output), { recursive: true });
    const result = await runReportCli(['--file', file, '--format', 'json', '--output', output]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wrote ${output}`);
    expect((JSON.parse(await readFile(output, 'utf8')) as MetricsSummary).totals.requests).toBe(2000);
  });
});
