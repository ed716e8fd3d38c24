import { describe, expect, it } from '@jest/globals';
import { computeRetryDelay, parseRetryAfter } from './retry.js';

const settings = { max_attempts: 4, base_delay_ms: 100, max_delay_ms: 1000, retry_after_cap_ms: 5000 };
const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms over retry-after', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, NOW)).toBe(250);
  });
  it('reads retry-after as seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '2' }, NOW)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '0.5' }, NOW)).toBe(500);
  });
  it('reads retry-after as an HTTP date relative to the injected now', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Mar 2026 12:00:03 GMT' }, NOW)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }, NOW)).toBe(0);
  });
  it('ignores absent, empty, negative and unparseable values', () => {
    expect(parseRetryAfter({}, NOW)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '' }, NOW)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-3' }, NOW)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': '1' }, NOW)).toBe(1000);
  });
});

describe('computeRetryDelay', () => {
  it('honours the server hint up to the cap, and refuses to wait past it', () => {
    expect(computeRetryDelay({ retryNumber: 1, retryAfterMs: 1200, settings, random: () => 0.9 })).toBe(1200);
    expect(computeRetryDelay({ retryNumber: 1, retryAfterMs: 5000, settings, random: () => 0.9 })).toBe(5000);
    expect(computeRetryDelay({ retryNumber: 1, retryAfterMs: 5001, settings, random: () => 0.9 })).toBeUndefined();
  });
  it('backs off exponentially with jitter, capped at max_delay_ms', () => {
    const low = (retryNumber: number): number | undefined =>
      computeRetryDelay({ retryNumber, retryAfterMs: undefined, settings, random: () => 0 });
    const high = (retryNumber: number): number | undefined =>
      computeRetryDelay({ retryNumber, retryAfterMs: undefined, settings, random: () => 0.999999 });
    expect([low(1), low(2), low(3), low(4), low(9)]).toEqual([50, 100, 200, 400, 500]);
    expect([high(1), high(2), high(3), high(4), high(9)]).toEqual([100, 200, 400, 800, 1000]);
  });
  it('keeps a zero base delay at zero', () => {
    expect(
      computeRetryDelay({
        retryNumber: 3,
        retryAfterMs: undefined,
        settings: { ...settings, base_delay_ms: 0 },
        random: () => 0.5,
      }),
    ).toBe(0);
  });
});
