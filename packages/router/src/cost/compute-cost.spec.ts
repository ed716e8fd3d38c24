import { describe, expect, it } from '@jest/globals';
import { computeCost } from './compute-cost.js';

const price = { input_usd_per_mtok: 3, output_usd_per_mtok: 15, as_of: '2024-06-20' };

describe('computeCost', () => {
  it('prices the provider usage exactly', () => {
    expect(
      computeCost({ price, usage: { promptTokens: 1000, completionTokens: 200 }, promptChars: 1, completionChars: 1 }),
    ).toEqual({ costUsd: 0.006, estimated: false });
  });

  it('estimates from characters (4 per token, rounded up) when usage is missing, and says so', () => {
    expect(computeCost({ price, usage: undefined, promptChars: 4001, completionChars: 800 })).toEqual({
      costUsd: (1001 * 3 + 200 * 15) / 1e6,
      estimated: true,
    });
  });

  it('records 0, flagged as an estimate, for a model with no price', () => {
    expect(
      computeCost({
        price: undefined,
        usage: { promptTokens: 10, completionTokens: 10 },
        promptChars: 0,
        completionChars: 0,
      }),
    ).toEqual({ costUsd: 0, estimated: true });
  });
});
