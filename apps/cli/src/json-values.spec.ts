import { describe, expect, it } from '@jest/globals';
import { formatJson } from './output.js';
import { toSnakeCaseKeys } from './json-values.js';

describe('formatJson', () => {
  it('rounds milliseconds to the microsecond and other fractions to 15 significant digits', () => {
    const parsed = JSON.parse(
      formatJson({
        latency_ms: 429.60202599999997,
        attempts: [{ duration_ms: 61.321309000000156 }],
        cost_usd: 0.000055230000000000005,
        score: 0.004644054273704748,
        requests: 11,
      }),
    ) as unknown;
    expect(parsed).toEqual({
      latency_ms: 429.602,
      attempts: [{ duration_ms: 61.321 }],
      cost_usd: 0.00005523,
      score: 0.00464405427370475,
      requests: 11,
    });
  });

  it('leaves the numbers of an array (an embedding vector) exactly as they came', () => {
    const vector = [0.7071067690849304, -0.12345678901234568];
    expect((JSON.parse(formatJson({ vectors: [vector] })) as { vectors: number[][] }).vectors[0]).toEqual(vector);
  });
});

describe('toSnakeCaseKeys', () => {
  it('renames every nested key and keeps values, snake_case keys and arrays as they are', () => {
    expect(
      toSnakeCaseKeys({
        usage: { promptTokens: 3, completionTokens: 5 },
        budget: { onExceeded: 'local_only', day_usd: 0.5 },
        tasks: [{ taskType: 'orchestration', otherVersion: 0 }],
        model: 'qwenCoder',
        empty: null,
      }),
    ).toEqual({
      usage: { prompt_tokens: 3, completion_tokens: 5 },
      budget: { on_exceeded: 'local_only', day_usd: 0.5 },
      tasks: [{ task_type: 'orchestration', other_version: 0 }],
      model: 'qwenCoder',
      empty: null,
    });
  });
});
