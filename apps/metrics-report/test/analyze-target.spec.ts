import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WORKSPACE_ROOT, createMetricsLines, runCommand, writeMetricsFile } from './report-fixtures.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-report-nx-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('nx run metrics-report:analyze', () => {
  it('works exactly as written, from the workspace root', async () => {
    const file = path.join(directory, 'routing_metrics.jsonl');
    await writeMetricsFile(file, createMetricsLines({ count: 500, now: Date.now(), hours: 48 }));
    const nx = path.join(WORKSPACE_ROOT, 'node_modules', '.bin', 'nx');
    const result = await runCommand(nx, ['run', 'metrics-report:analyze', '--since=24h'], {
      cwd: WORKSPACE_ROOT,
      env: { BIOPIPELINES_METRICS_PATH: file, NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    expect(result.stderr + result.stdout).toContain('Routing metrics, since');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Requests\s+2\d\d\n/);
    expect(result.stdout).toContain(`Source: ${file}`);
  }, 120_000);

  it('gives clean JSON on stdout through `npm run -s report`, piped into a JSON parser', async () => {
    const file = path.join(directory, 'piped.jsonl');
    await writeMetricsFile(file, createMetricsLines({ count: 200, now: Date.now(), hours: 12 }));
    // Nx prints its own lines on stdout for `nx run`; the npm script sends the build's to stderr.
    const result = await runCommand(
      'sh',
      ['-c', 'npm run -s report -- --format json --since=24h | python3 -m json.tool > "$OUT"'],
      {
        cwd: WORKSPACE_ROOT,
        env: { BIOPIPELINES_METRICS_PATH: file, NX_DAEMON: 'false', NX_TUI: 'false', OUT: `${file}.out` },
      },
    );
    expect(result.stderr).not.toMatch(/Expecting value|Extra data/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(await readFile(`${file}.out`, 'utf8')) as { source: { records: number } };
    expect(summary.source.records).toBe(200);
  }, 120_000);
});
