import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startVllmSim } from '@biopipe/vllm-sim';
import { startCliSim, type CliSim } from './cli-fleet.js';

// `biopipe ask` follows the gateway's rules: a request no model can hold is exit 2 at once, calling no
// server; the Retry-After of busy backends is shown.
let cli: CliSim;

// The generalist's context comes from config/fleet.yaml (8192 tokens).
beforeAll(async () => {
  cli = await startCliSim('biopipe-oversized-');
});
afterAll(() => cli.stop());

describe('biopipe ask follows the gateway rules for client mistakes and busy backends', () => {
  it('says when the busy backends asked to be called again', async () => {
    const busy = await startVllmSim({
      servedModelName: 'qwen',
      port: 0,
      faults: { rateLimit: { retryAfterSeconds: 40 } },
    });
    try {
      await busy.ready;
      cli.writeProfile(
        'busy',
        `vllm_endpoints: { generalist: { urls: ["${busy.url}"], served_model_name: qwen } }\ntask_routing: { "*": generalist }\n`,
      );
      const text = await cli.biopipe(['-s', 'busy', 'ask', 'hi'], { cwd: cli.home });
      expect(text.code).toBe(3);
      expect(text.stderr).toContain('they asked to retry after 40 s');
      const json = await cli.biopipe(['-s', 'busy', '--json', 'ask', 'hi'], { cwd: cli.home });
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { retry_after_s: 40 } });
    } finally {
      await busy.stop();
    }
  });

  it('exits 2 for a prompt no model can hold, saying why, and calls no server', async () => {
    const result = await cli.biopipe(['-s', 'local', 'ask', '-'], {
      cwd: cli.home,
      input: 'ACGT '.repeat(40_000),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the largest context of any model it could go to is 8192 tokens');
    expect(cli.sim.stats().requests['/v1/chat/completions'] ?? 0).toBe(0);
  });
});
