import { describe, expect, it } from '@jest/globals';
import { parseVllmLoad } from './parse-vllm-load.js';

describe('parseVllmLoad', () => {
  it('reads the V1 names, summing queues over engines and keeping the fullest KV cache', () => {
    const text = [
      '# HELP vllm:num_requests_running Number of requests in model execution batches.',
      '# TYPE vllm:num_requests_running gauge',
      'vllm:num_requests_running{engine="0",model_name="qwen"} 3.0',
      'vllm:num_requests_running{engine="1",model_name="qwen"} 2.0',
      'vllm:num_requests_waiting{engine="0",model_name="qwen"} 4.0',
      'vllm:kv_cache_usage_perc{engine="0",model_name="qwen"} 0.25',
      'vllm:kv_cache_usage_perc{engine="1",model_name="qwen"} 0.5',
      'vllm:gpu_cache_usage_perc{engine="0",model_name="qwen"} 0.9',
    ].join('\n');
    expect(parseVllmLoad(text)).toEqual({ running: 5, waiting: 4, kvCacheUsage: 0.5 });
  });

  it('falls back to the deprecated KV-cache name of older servers', () => {
    const text =
      'vllm:num_requests_running{model_name="q"} 1\nvllm:num_requests_waiting{model_name="q"} 0\nvllm:gpu_cache_usage_perc{model_name="q"} 0.75\n';
    expect(parseVllmLoad(text)).toEqual({ running: 1, waiting: 0, kvCacheUsage: 0.75 });
  });

  it('calls a page without load gauges unknown, and ignores garbage values', () => {
    expect(parseVllmLoad('<html>login</html>')).toBeUndefined();
    expect(parseVllmLoad('vllm:num_requests_running NaN\nvllm:num_requests_waiting -3\n')).toBeUndefined();
    expect(parseVllmLoad('vllm:num_requests_waiting 2\nvllm:kv_cache_usage_perc 7')).toEqual({
      running: 0,
      waiting: 2,
      kvCacheUsage: 1,
    });
  });
});
