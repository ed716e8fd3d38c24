import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle } from '../src/index.js';
import { postJson, send } from './support/http.js';
import { sampleValue } from './support/metrics.js';

/** Runs `promtool check metrics` on a text. A missing promtool fails the test: it is never skipped. */
function promtoolCheck(text: string): { status: number; problems: string[] } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error !== undefined) {
    throw new Error(
      `promtool could not run (${result.error.message}); install it with \`bash tools/scripts/setup.sh all\` (Debian package prometheus).`,
    );
  }
  const problems = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
  return { status: result.status ?? -1, problems };
}

describe('simulated vLLM server: /metrics', () => {
  let sim: VllmSimHandle;
  let text: string;
  beforeAll(async () => {
    sim = await startVllmSim({ servedModelName: 'qwen7b', mode: 'lorem' });
    await postJson(`${sim.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hello' }], max_tokens: 5 });
    await postJson(`${sim.url}/v1/chat/completions`, {
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 3,
      stream: true,
    });
    await postJson(`${sim.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hello' }] });
    const response = await send(`${sim.url}/metrics`);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    text = response.text;
  });
  afterAll(() => sim.stop());

  it('passes promtool check metrics, but for the colons vLLM puts in every name', () => {
    // vLLM's own names ("vllm:…") trip promtool's reserved-character lint (exit 3); a parse error
    // would be exit 1. So: only colon complaints on the real text, and a clean pass once renamed.
    const real = promtoolCheck(text);
    expect([0, 3]).toContain(real.status);
    expect(real.problems.filter((line) => !line.endsWith("metric names should not contain ':'"))).toEqual([]);
    const renamed = promtoolCheck(text.replaceAll('vllm:', 'vllm_'));
    expect(renamed).toEqual({ status: 0, problems: [] });
  });

  it('exposes the vLLM names, old and new, labelled with model_name', () => {
    for (const name of [
      'vllm:num_requests_running',
      'vllm:num_requests_waiting',
      'vllm:kv_cache_usage_perc',
      'vllm:gpu_cache_usage_perc',
      'vllm:prefix_cache_queries_total',
      'vllm:prefix_cache_hits_total',
      'vllm:gpu_prefix_cache_queries_total',
      'vllm:gpu_prefix_cache_hits_total',
      'vllm:prompt_tokens_total',
      'vllm:generation_tokens_total',
      'vllm:num_preemptions_total',
      'vllm:time_to_first_token_seconds_count',
      'vllm:inter_token_latency_seconds_count',
      'vllm:time_per_output_token_seconds_count',
      'vllm:e2e_request_latency_seconds_count',
      'vllm:request_queue_time_seconds_count',
      'vllm:request_prompt_tokens_count',
    ]) {
      expect({ name, value: sampleValue(text, name, { model_name: 'qwen7b', engine: '0' }) }).toEqual({
        name,
        value: expect.any(Number),
      });
    }
    expect(text).toContain('# TYPE vllm:prompt_tokens_total counter\n');
    expect(text).toContain('# TYPE vllm:prompt_tokens_created gauge\n');
    expect(text).toContain('# TYPE vllm:time_to_first_token_seconds histogram\n');
    expect(text).toMatch(/vllm:time_to_first_token_seconds_bucket\{model_name="qwen7b",engine="0",le="\+Inf"\} 3\.0\n/);
    expect(text).toContain('vllm:cache_config_info{block_size="16",cache_dtype="auto",enable_prefix_caching="True"');
  });

  it('counts tokens and finished requests by reason', () => {
    expect(sampleValue(text, 'vllm:generation_tokens_total')).toBe(5 + 3 + 48);
    expect(sampleValue(text, 'vllm:request_success_total', { finished_reason: 'length' })).toBe(2);
    expect(sampleValue(text, 'vllm:request_success_total', { finished_reason: 'stop' })).toBe(1);
    expect(sampleValue(text, 'vllm:request_success_total', { finished_reason: 'abort' })).toBe(0);
    expect(sampleValue(text, 'vllm:e2e_request_latency_seconds_count')).toBe(3);
    expect(sampleValue(text, 'vllm:inter_token_latency_seconds_count')).toBe(4 + 2 + 47);
  });
});
