import { describe, expect, it } from '@jest/globals';
import { CounterFamily, HistogramFamily, formatValue, renderFamilies } from './prometheus-text.js';

describe('prometheus text', () => {
  it('writes numbers as Python prometheus_client does', () => {
    expect([formatValue(3), formatValue(0.25), formatValue(Number.POSITIVE_INFINITY)]).toEqual(['3.0', '0.25', '+Inf']);
  });

  it('prints counters with _total and a _created gauge family', () => {
    const counter = new CounterFamily('vllm:prompt_tokens', 'Prompt tokens.', ['model_name']);
    counter.increment(['m'], 5);
    counter.increment(['m'], 2);
    const text = renderFamilies([counter]);
    expect(text).toMatch(
      /^# HELP vllm:prompt_tokens_total Prompt tokens\.\n# TYPE vllm:prompt_tokens_total counter\nvllm:prompt_tokens_total\{model_name="m"\} 7\.0\n# HELP vllm:prompt_tokens_created Prompt tokens\.\n# TYPE vllm:prompt_tokens_created gauge\nvllm:prompt_tokens_created\{model_name="m"\} \d+(\.\d+)?\n$/,
    );
  });

  it('prints cumulative buckets, then count and sum', () => {
    const histogram = new HistogramFamily('h_seconds', 'H.', ['l'], [0.1, 1]);
    for (const value of [0.05, 0.5, 0.5, 7]) histogram.observe(['x'], value);
    const lines = histogram
      .render()
      .split('\n')
      .filter((line) => line.startsWith('h_seconds_'));
    expect(lines.slice(0, 5)).toEqual([
      'h_seconds_bucket{l="x",le="0.1"} 1.0',
      'h_seconds_bucket{l="x",le="1.0"} 3.0',
      'h_seconds_bucket{l="x",le="+Inf"} 4.0',
      'h_seconds_count{l="x"} 4.0',
      'h_seconds_sum{l="x"} 8.05',
    ]);
  });
});
