import { describe, expect, it } from '@jest/globals';
import { LatencyModel } from './latency-model.js';

describe('LatencyModel', () => {
  it('is overhead + prefill per uncached token, scaled by a slow factor', () => {
    const model = new LatencyModel({ timeToFirstTokenMs: 10, prefillPerTokenMs: 0.5, interTokenLatencyMs: 4 });
    expect(model.firstTokenMs(100)).toBe(60);
    expect(model.firstTokenMs(100, 3)).toBe(180);
    expect(model.interTokenMs()).toBe(4);
    expect(new LatencyModel().isInstant).toBe(true);
  });

  it('spreads samples within the jitter share, the same way for the same seed', () => {
    const samples = (seed: number): number[] => {
      const model = new LatencyModel({ interTokenLatencyMs: 100, jitter: 0.3, seed });
      return Array.from({ length: 50 }, () => model.interTokenMs());
    };
    const first = samples(5);
    expect(samples(5)).toEqual(first);
    expect(samples(6)).not.toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(70);
    expect(Math.max(...first)).toBeLessThanOrEqual(130);
    expect(new Set(first).size).toBeGreaterThan(40);
  });
});
