import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { findClosedPort, startCliSim, type CliSim } from './cli-fleet.js';

// Endpoint URLs with `user:password@` in a profile, shown by real `biopipe` processes.
const SECRETS = ['alice', 's3cret-pw', 'bob', 'hunter2-pw'];
let cli: CliSim;
let generalistUrl: string;
let coderUrl: string;

beforeAll(async () => {
  cli = await startCliSim('biopipe-userinfo-');
  generalistUrl = cli.sim.url.replace('http://', 'http://alice:s3cret-pw@');
  coderUrl = `http://bob:hunter2-pw@127.0.0.1:${await findClosedPort()}`;
  cli.writeProfile(
    'secret_urls',
    `vllm_endpoints:
  generalist: { urls: ["${generalistUrl}"], served_model_name: qwen }
  coder: { urls: ["${coderUrl}/"], served_model_name: coder }
task_routing: { "*": generalist, code_generation: coder }
timeouts: { connect_ms: 2000, first_token_ms: 5000 }
retry: { max_attempts: 1 }
`,
  );
});
afterAll(() => cli.stop());

const biopipe = (args: string[]) => cli.biopipe(['-s', 'secret_urls', ...args], { cwd: cli.home });

function expectNoUserinfo(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('URL userinfo is never shown', () => {
  it('status: the table and --json show endpoints without user:password@', async () => {
    for (const args of [['status'], ['--json', 'status']]) {
      const result = await biopipe(args);
      expect(result.code).toBe(3);
      expectNoUserinfo(result.stdout + result.stderr);
      expect(result.stdout).toContain(cli.sim.url.replace('http://', ''));
    }
  });

  it('route: the table and --json show replicas and candidates without user:password@', async () => {
    // The coder's port is closed, so nothing could serve code_generation: route says so with exit 3.
    for (const [args, code] of [
      [['route', '--task', 'code_generation', 'a rule'], 3],
      [['--json', 'route', '--task', 'documentation', 'a rule'], 0],
    ] as const) {
      const result = await biopipe([...args]);
      expect(result.code).toBe(code);
      expectNoUserinfo(result.stdout + result.stderr);
      expect(result.stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    }
  });

  it('ask: the error, the route line, --json and the metrics carry no userinfo', async () => {
    for (const args of [
      ['ask', '--task', 'code_generation', 'a rule'],
      ['--json', 'ask', '--task', 'code_generation', 'a rule'],
      ['ask', 'hello there'],
    ]) {
      const result = await biopipe(args);
      expectNoUserinfo(result.stdout + result.stderr);
    }
    expect(existsSync(cli.metricsPath)).toBe(true);
    const metrics = readFileSync(cli.metricsPath, 'utf8');
    expect(metrics.trim().split('\n').length).toBeGreaterThanOrEqual(3);
    expectNoUserinfo(metrics);
  });
});
