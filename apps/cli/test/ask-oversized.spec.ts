import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVllmSim, type VllmSimHandle } from '@biopipe/vllm-sim';
import { runBiopipe } from './run-biopipe.js';

// `biopipe ask` follows the gateway's rules: a request no model can hold is exit 2 at once, calling no
// server; the Retry-After of busy backends is shown.
let home: string;
let sim: VllmSimHandle;

beforeAll(async () => {
  sim = await startVllmSim({ servedModelName: 'qwen', port: 0 });
  await sim.ready;
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-oversized-'));
  mkdirSync(path.join(home, 'cfg', 'strategies'), { recursive: true });
  // The generalist's context comes from config/fleet.yaml (8192 tokens).
  writeFileSync(
    path.join(home, 'cfg', 'strategies', 'local.yaml'),
    `profile_name: local
vllm_endpoints: { generalist: { urls: ["${sim.url}"], served_model_name: qwen } }
task_routing: { "*": generalist }
`,
  );
});
afterAll(async () => {
  await sim.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('biopipe ask follows the gateway rules for client mistakes and busy backends', () => {
  it('says when the busy backends asked to be called again', async () => {
    const busy = await startVllmSim({
      servedModelName: 'qwen',
      port: 0,
      faults: { rateLimit: { retryAfterSeconds: 40 } },
    });
    try {
      await busy.ready;
      writeFileSync(
        path.join(home, 'cfg', 'strategies', 'busy.yaml'),
        `profile_name: busy\nvllm_endpoints: { generalist: { urls: ["${busy.url}"], served_model_name: qwen } }\ntask_routing: { "*": generalist }\n`,
      );
      const environment = { HOME: home, BIOPIPELINES_STATE_DIR: path.join(home, 'state') };
      const text = await runBiopipe(['--config-dir', path.join(home, 'cfg'), '-s', 'busy', 'ask', 'hi'], {
        env: environment,
        cwd: home,
      });
      expect(text.code).toBe(3);
      expect(text.stderr).toContain('they asked to retry after 40 s');
      const json = await runBiopipe(['--config-dir', path.join(home, 'cfg'), '-s', 'busy', '--json', 'ask', 'hi'], {
        env: environment,
        cwd: home,
      });
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { retry_after_s: 40 } });
    } finally {
      await busy.stop();
    }
  });

  it('exits 2 for a prompt no model can hold, saying why, and calls no server', async () => {
    const result = await runBiopipe(['--config-dir', path.join(home, 'cfg'), '-s', 'local', 'ask', '-'], {
      env: {
        HOME: home,
        BIOPIPELINES_STATE_DIR: path.join(home, 'state'),
        BIOPIPELINES_METRICS_PATH: path.join(home, 'm.jsonl'),
      },
      cwd: home,
      input: 'ACGT '.repeat(40_000),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the largest context of any model it could go to is 8192 tokens');
    expect(sim.stats().requests['/v1/chat/completions'] ?? 0).toBe(0);
  });
});
