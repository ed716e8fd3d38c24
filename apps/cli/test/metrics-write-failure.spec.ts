import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCliSim, type CliSim } from './cli-fleet.js';
import { BIOPIPE_MAIN } from './run-biopipe.js';

// Real `biopipe` processes whose metrics path cannot be written: the answer still comes, and the loss is said.
let cli: CliSim;

beforeAll(async () => {
  cli = await startCliSim('biopipe-lost-metrics-');
  writeFileSync(path.join(cli.home, 'a-file'), 'not a directory\n');
});
afterAll(() => cli.stop());

const environment = (metricsPath: string): Record<string, string> => ({
  ...cli.env,
  BIOPIPELINES_METRICS_PATH: metricsPath,
});

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('lost metrics are never silent', () => {
  const cases: [string, string, RegExp][] = [
    ['a full disk', '/dev/full', /ENOSPC/],
    ['a path under a file', path.join(tmpdir(), 'PLACEHOLDER'), /ENOTDIR|EEXIST/],
  ];
  for (const [name, given, error] of cases) {
    it(`ask answers, reports the write failure once with the path and error, and the records dropped (${name})`, async () => {
      const metricsPath = given.endsWith('PLACEHOLDER') ? path.join(cli.home, 'a-file', 'metrics.jsonl') : given;
      const result = await cli.biopipe(['-s', 'local', 'ask', '--task', 'documentation', 'hello'], {
        env: { BIOPIPELINES_METRICS_PATH: metricsPath },
        cwd: cli.home,
      });
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).not.toBe('');
      const failure = new RegExp(
        `Cannot write routing metrics to ${metricsPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(`,
      );
      expect(count(result.stderr, failure)).toBe(1);
      expect(result.stderr).toMatch(error);
      expect(result.stderr).toContain(`1 routing metric record was not written to ${metricsPath}`);
    });
  }

  it('serve logs the failure once, the records dropped at shutdown, and does not say "flushed"', async () => {
    const metricsPath = path.join(cli.home, 'a-file', 'serve.jsonl');
    const child = spawn(
      process.execPath,
      [BIOPIPE_MAIN, '--config-dir', cli.configDir, '-s', 'local', 'serve', '--port', '0'],
      {
        env: { PATH: process.env['PATH'] ?? '', ...environment(metricsPath) },
        cwd: cli.home,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (): void => {
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match?.[1] !== undefined) resolve(match[1]);
      };
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
    });
    for (let index = 0; index < 2; index++) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'biopipe:documentation', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      await response.text();
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(count(stderr, /Cannot write routing metrics to \S+serve\.jsonl \((ENOTDIR|EEXIST)/)).toBe(1);
    expect(stderr).toContain(`2 routing metric records were not written to ${metricsPath}`);
    expect(stderr).toContain('stopped; routing metrics were lost');
    expect(stderr).not.toContain('flushed');
  });
});
