import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { WORKSPACE_ROOT, createMetricsLines, runReportCli, writeMetricsFile } from './report-fixtures.js';

// Debian's chromium package (tools/scripts/setup.sh installs it). Under CI a missing browser fails
// this test; elsewhere the test says loudly that it did not run.
const CHROMIUM = '/usr/bin/chromium';
const chromiumPresent = existsSync(CHROMIUM);
const SCREENSHOT = path.join(WORKSPACE_ROOT, 'reports', 'artifacts', 'metrics-report.png');

let directory: string;
let browser: Browser | undefined;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-html-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('renders the charts from a file:// URL, offline, and keeps a screenshot', async () => {
    // A missing browser fails the test (never a quiet skip): install it with tools/scripts/setup.sh all.
    if (!chromiumPresent) throw new Error(`${CHROMIUM} is missing; install it with tools/scripts/setup.sh all`);
    expect(existsSync(CHROMIUM)).toBe(true);
    const file = path.join(directory, 'logs', 'routing_metrics.jsonl');
    await writeMetricsFile(file, createMetricsLines({ count: 3000, now: Date.now(), hours: 24 }));
    const result = await runReportCli(['--file', file, '--format', 'html', '--since', '24h']);
    expect(result.code).toBe(0);
    const html = path.join(directory, 'logs', 'routing_metrics_report.html');
    expect(result.stderr).toContain(`wrote ${html}`);
    const text = await readFile(html, 'utf8');
    expect(text).not.toMatch(/<script|<link|@import|url\(|src=/i);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(pathToFileURL(html).href);
    expect(requested.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);

    for (const selector of ['svg#latency-by-task', 'svg#fallback-over-time', 'svg#fallback-depths']) {
      const box = await page.locator(selector).boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(50);
    }
    const bars = page.locator('svg#latency-by-task rect.bar');
    expect(await bars.count()).toBe(15); // 5 task types x p50/p95/p99
    for (let index = 0; index < 15; index += 1)
      expect((await bars.nth(index).boundingBox())?.width ?? 0).toBeGreaterThan(0);
    const line = await page.locator('svg#fallback-over-time path.line').boundingBox();
    expect(line?.width ?? 0).toBeGreaterThan(300);
    expect(await page.locator('svg#fallback-over-time circle.point').count()).toBeGreaterThan(10);
    expect(await page.locator('table').first().textContent()).toContain('code_generation');

    // Every chart spans the page's content width, as the tables do.
    const tableWidth = (await page.locator('table').first().boundingBox())?.width ?? 0;
    for (const selector of ['svg#latency-by-task', 'svg#fallback-over-time', 'svg#fallback-depths'])
      expect((await page.locator(selector).boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(tableWidth * 0.98);
    // Axis ticks on the latency and time axes.
    expect(await page.locator('svg#latency-by-task line.tick').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('svg#fallback-over-time line.tick').count()).toBeGreaterThanOrEqual(3);
    // The value labels of nearly equal bars (the fixture's p95 and p99 are close) never overlap.
    const labels = page.locator('svg#latency-by-task text.value');
    const boxes = [];
    for (let index = 0; index < (await labels.count()); index += 1) boxes.push(await labels.nth(index).boundingBox());
    expect(boxes).toHaveLength(15);
    for (const [index, a] of boxes.entries())
      for (const b of boxes.slice(index + 1)) {
        const overlaps =
          a !== null &&
          b !== null &&
          a.x < b.x + b.width &&
          b.x < a.x + a.width &&
          a.y < b.y + b.height &&
          b.y < a.y + a.height;
        expect(overlaps).toBe(false);
      }

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 60_000);
});
