import { describe, expect, it } from '@jest/globals';
import { InvalidSinceError } from './metrics-errors.js';
import { parseSince } from './parse-since.js';

const now = Date.parse('2025-06-08T12:00:00.000Z');

describe('parseSince', () => {
  it('reads durations back from now', () => {
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('24h', now)).toBe(now - 24 * 3_600_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('2w', now)).toBe(now - 14 * 86_400_000);
    expect(parseSince(' 24H ', now)).toBe(now - 24 * 3_600_000);
    // Core's one duration grammar, shared with the health monitor's options.
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('1.5h', now)).toBe(now - 5_400_000);
  });

  it('reads ISO 8601 times with an offset as given, and dates as local midnight', () => {
    expect(parseSince('2025-06-01T08:00:00Z', now)).toBe(Date.parse('2025-06-01T08:00:00Z'));
    expect(parseSince('2025-06-01T08:00:00.250+02:00', now)).toBe(Date.parse('2025-06-01T06:00:00.250Z'));
    expect(parseSince('2025-06-01', now)).toBe(new Date(2025, 5, 1).getTime());
    expect(parseSince('2025-06-01 08:30', now)).toBe(new Date(2025, 5, 1, 8, 30).getTime());
  });

  it.each([
    ['', 'it is empty'],
    ['24', 'a number needs a unit, e.g. 24h or 24d'],
    ['24x', 'unknown unit "x"'],
    ['1y', 'unknown unit "y"'],
    ['0h', 'zero-length window'],
    ['-1h', 'neither a duration nor an ISO 8601 time'],
    ['yesterday', 'neither a duration nor an ISO 8601 time'],
    ['2025-02-30', 'not a real calendar date'],
    ['2025-13-01T00:00Z', 'not a real calendar date'],
    ['2030-01-01', 'in the future'],
  ])('rejects %j with a message that says why (%s)', (value, reason) => {
    let thrown: unknown;
    try {
      parseSince(value, now);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidSinceError);
    const error = thrown as InvalidSinceError;
    expect(error.message).toContain(reason);
    expect(error.code).toBe('usage');
    expect(error.hint).toContain('30m, 24h or 7d');
  });
});
