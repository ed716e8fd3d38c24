import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startVllmSim, type VllmSimHandle } from '../src/index.js';

// The real-fleet script for prefix caching (tools/bench/live-fleet), run here against the simulator,
// whose prefill time per uncached token makes a cached prefix measurably faster.
const script = path.resolve(import.meta.dirname, '../../bench/live-fleet/measure-prefix-cache.mjs');
let server: VllmSimHandle;

beforeAll(async () => {
  server = await startVllmSim({
    servedModelName: 'qwen2.5-7b-instruct',
    maxModelLen: 8192,
    timeToFirstTokenMs: 2,
    prefillPerTokenMs: 0.05,
  });
});
afterAll(async () => {
  await server.stop();
});

describe('measure-prefix-cache.mjs', () => {
  it('measures a shorter time to first token for a shared prefix and reads the prefix-cache counters', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      script,
      '--url',
      server.url,
      '--model',
      'qwen2.5-7b-instruct',
      '--requests',
      '6',
      '--json',
    ]);
    const result = JSON.parse(stdout) as {
      ttft_ms_p50: { fresh_prefix: number; shared_prefix: number };
      ttft_reduction: number;
      prefix_cache: { hit_tokens: number; query_tokens: number };
    };
    expect(result.ttft_ms_p50.shared_prefix).toBeLessThan(result.ttft_ms_p50.fresh_prefix);
    expect(result.ttft_reduction).toBeGreaterThan(0.2);
    expect(result.prefix_cache.hit_tokens).toBeGreaterThan(0);
    expect(result.prefix_cache.query_tokens).toBeGreaterThan(result.prefix_cache.hit_tokens);
  }, 60_000);

  it('says how to call it when the URL or model is missing', async () => {
    const failure = await promisify(execFile)(process.execPath, [script]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/usage: measure-prefix-cache\.mjs --url BASE_URL --model/),
    });
  });
});
