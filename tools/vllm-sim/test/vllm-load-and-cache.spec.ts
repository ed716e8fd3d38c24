import { afterEach, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle } from '../src/index.js';
import { postJson, send, waitFor } from './support/http.js';
import { sampleValue } from './support/metrics.js';

const started: VllmSimHandle[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

const metrics = async (sim: VllmSimHandle): Promise<string> => (await send(`${sim.url}/metrics`)).text;

describe('simulated vLLM server: prefix cache and load', () => {
  it('serves a repeated prefix from the cache: counters move and the time to first token drops', async () => {
    const sim = await startVllmSim({ servedModelName: 'qwen7b', prefillPerTokenMs: 2, maxNumSeqs: 4 });
    started.push(sim);
    const context = 'You are a bioinformatics assistant. '.repeat(60);
    const ask = async (question: string): Promise<number> => {
      const begun = performance.now();
      const response = await postJson(`${sim.url}/v1/chat/completions`, {
        messages: [
          { role: 'system', content: context },
          { role: 'user', content: question },
        ],
        max_tokens: 1,
      });
      expect(response.status).toBe(200);
      return performance.now() - begun;
    };
    const cold = await ask('Which aligner suits short reads?');
    const afterCold = await metrics(sim);
    const warm = await ask('Which variant caller suits trios?');
    const afterWarm = await metrics(sim);
    const hits =
      (sampleValue(afterWarm, 'vllm:prefix_cache_hits_total') ?? 0) -
      (sampleValue(afterCold, 'vllm:prefix_cache_hits_total') ?? 0);
    const queries =
      (sampleValue(afterWarm, 'vllm:prefix_cache_queries_total') ?? 0) -
      (sampleValue(afterCold, 'vllm:prefix_cache_queries_total') ?? 0);
    expect(sampleValue(afterCold, 'vllm:prefix_cache_hits_total')).toBe(0);
    expect(queries).toBeGreaterThan(240);
    expect(hits).toBeGreaterThan(200);
    expect(hits).toBeLessThan(queries);
    expect(sampleValue(afterWarm, 'vllm:gpu_prefix_cache_hits_total')).toBe(
      sampleValue(afterWarm, 'vllm:prefix_cache_hits_total'),
    );
    expect(cold).toBeGreaterThan(500);
    expect(warm).toBeLessThan(cold / 2);
  });

  it('queues requests beyond max_num_seqs: later ones are slower, none is rejected, and waiting shows in /metrics', async () => {
    const sim = await startVllmSim({ servedModelName: 'qwen7b', maxNumSeqs: 1, timeToFirstTokenMs: 200 });
    started.push(sim);
    const timed = async (): Promise<{ status: number; ms: number }> => {
      const begun = performance.now();
      const response = await postJson(`${sim.url}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 1,
      });
      return { status: response.status, ms: performance.now() - begun };
    };
    const all = Promise.all([timed(), timed(), timed()]);
    await waitFor(() => sim.stats().waiting === 2);
    const during = await metrics(sim);
    expect(sampleValue(during, 'vllm:num_requests_running', { model_name: 'qwen7b' })).toBe(1);
    expect(sampleValue(during, 'vllm:num_requests_waiting', { model_name: 'qwen7b' })).toBe(2);
    expect(sampleValue(during, 'vllm:kv_cache_usage_perc')).toBeGreaterThan(0);
    const results = await all;
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    const times = results.map((result) => result.ms).sort((a, b) => a - b);
    // Each waits for the one before it: the last needs three turns, the first only one.
    expect(times[2]).toBeGreaterThanOrEqual(3 * 200 - 10);
    expect(times[0]).toBeLessThan((times[2] ?? 0) - 200);
    const after = await metrics(sim);
    expect(sampleValue(after, 'vllm:request_queue_time_seconds_count')).toBe(3);
    expect(sampleValue(after, 'vllm:request_queue_time_seconds_sum')).toBeGreaterThan(0.55);
    expect(sampleValue(after, 'vllm:num_requests_waiting')).toBe(0);
  });
});
