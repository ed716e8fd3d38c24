import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVllmSim, type VllmSimHandle } from '@biopipe/vllm-sim';
import { runBiopipe } from './run-biopipe.js';

// `biopipe ask` follows the gateway's rules for a request no model can hold: exit 2 at once, no server called.
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

describe('biopipe ask with a prompt no model can hold', () => {
  it('exits 2 saying why, and calls no server', async () => {
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
