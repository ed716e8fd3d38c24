import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureClusterAndSimulator, simulatorBinary, workspace } from './support/local-cluster.js';
import { TestFleet, waitFor } from './support/test-fleet.js';

const script = path.join(workspace, 'infra/vllm/start_vllm_server.sh');
let fleet: TestFleet;

beforeAll(async () => {
  ensureClusterAndSimulator();
  fleet = await TestFleet.create('start', [{ name: 'generalist' }, { name: 'embeddings' }]);
});
afterAll(() => fleet?.cleanUp());

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('start_vllm_server.sh', () => {
  it('--print shows the vllm command for a role of config/fleet.yaml', () => {
    const result = run(['--print', 'generalist'], { VLLM_BIN: '/opt/vllm/bin/vllm' });
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe(
      '/opt/vllm/bin/vllm serve Qwen/Qwen2.5-7B-Instruct-AWQ --host 0.0.0.0 --port 8001 --served-model-name qwen2.5-7b-instruct --dtype half --max-model-len 8192 --gpu-memory-utilization 0.9 --quantization awq --enable-prefix-caching\n',
    );
  });

  it('exits 2 for an unknown role and lists the roles', () => {
    const result = run(['nope']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown role "nope".*\nhint: Roles: generalist, coder, math, embeddings\./);
    expect(run([]).status).toBe(2);
  });

  it("execs VLLM_BIN, so the script's pid is the server's, which answers with the role's model", async () => {
    const server = spawn('bash', [script, 'embeddings'], {
      env: { ...process.env, ...fleet.env, VLLM_BIN: simulatorBinary },
      stdio: 'ignore',
    });
    try {
      const url = `http://127.0.0.1:${fleet.ports.get('embeddings')}`;
      await waitFor(
        'the server',
        async () => ((await fetch(`${url}/health`).catch(() => undefined))?.status === 200 ? true : undefined),
        30_000,
      );
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((card) => card.id)).toEqual(['embeddings-model']);
      expect(spawnSync('cat', [`/proc/${server.pid}/cmdline`], { encoding: 'utf8' }).stdout).toMatch(
        /vllm-main\.js\0serve\0test\/embeddings/,
      );
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }, 60_000);
});
