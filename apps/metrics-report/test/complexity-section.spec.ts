import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricsSummary } from '@biopipe/metrics';
import { createRoutingMetric } from '@biopipe/metrics/testing';
import { chromium, type Browser } from 'playwright-core';
import { WORKSPACE_ROOT, runReportCli, writeMetricsFile } from './report-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(WORKSPACE_ROOT, 'reports', 'artifacts', 'metrics-report-complexity.png');

// 300 orchestration requests scored 0.00…0.99 (a third escalated to the cloud, which fails one in
// ten), 100 code_generation requests all kept on the coder, and 100 unscored math requests.
let directory: string;
let file: string;
let browser: Browser | undefined;

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
  await browser?.close();
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

  it('draws the section in the HTML report: shares, histogram counts and kept versus escalated, laid out in Chromium', async () => {
    const result = await runReportCli(['--file', file, '--format', 'html']);
    expect(result.code).toBe(0);
    const html = path.join(directory, 'routing_metrics_report.html');
    const text = await readFile(html, 'utf8');
    expect(text).toContain('<h2>Complexity routing</h2>');
    // The numbers of the known input, in the charts' labels and the tables.
    expect(text).toContain('>33.0% (99 of 300)</text>');
    expect(text).toContain('>0.0% (0 of 100)</text>');
    const counts = [
      ...text.matchAll(/<rect class="bar score-bin"[^>]*><title>score ([\d.]+)–([\d.]+): (\d+) requests/g),
    ];
    expect(counts.map((match) => Number(match[3]))).toEqual([130, 30, 30, 30, 30, 30, 30, 30, 30, 30]);
    expect(counts[0]?.slice(1, 3)).toEqual(['0.0', '0.1']);
    expect(text).toMatch(
      /<td>escalated to the strong target<\/td><td>99<\/td><td>9\.1%<\/td><td>100\.0%<\/td><td>2000\.0<\/td>/,
    );
    expect(text).toMatch(
      /<td>kept on the weak target<\/td><td>301<\/td><td>0\.0%<\/td><td>0\.0%<\/td><td>500\.0<\/td>/,
    );
    expect(text).toMatch(/<td>orchestration<\/td><td>300<\/td><td>99<\/td><td>33\.0%<\/td>/);

    // A missing browser fails the test (never a quiet skip): install it with tools/scripts/setup.sh all.
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; install it with tools/scripts/setup.sh all`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(pathToFileURL(html).href);
    const tableWidth = (await page.locator('table').first().boundingBox())?.width ?? 0;
    for (const selector of ['svg#complexity-strong-share', 'svg#complexity-histogram']) {
      expect((await page.locator(selector).boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(tableWidth * 0.98);
      expect(await page.locator(`${selector} line.tick`).count()).toBeGreaterThanOrEqual(3);
    }
    // No two labels of a chart overlap (bin counts, tick labels, task names, value labels).
    for (const selector of ['svg#complexity-strong-share text', 'svg#complexity-histogram text']) {
      const labels = page.locator(selector);
      const boxes = [];
      for (let index = 0; index < (await labels.count()); index += 1) boxes.push(await labels.nth(index).boundingBox());
      expect(boxes.length).toBeGreaterThanOrEqual(10);
      for (const [index, a] of boxes.entries())
        for (const b of boxes.slice(index + 1))
          expect(
            a !== null &&
              b !== null &&
              a.x < b.x + b.width &&
              b.x < a.x + a.width &&
              a.y < b.y + b.height &&
              b.y < a.y + a.height,
          ).toBe(false);
    }
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.locator('h2', { hasText: 'Complexity routing' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);
});
