import { describe, expect, it } from '@jest/globals';
import { readDuration } from './read-duration.js';

describe('readDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5m', 90_000],
    [' 24H ', 86_400_000],
    ['24 h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['0s', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(readDuration(text)).toMatchObject({ kind: 'duration', ms });
  });

  it('tells a bare number, an unknown unit and something else apart', () => {
    expect(readDuration('24')).toEqual({ kind: 'no-unit', amount: 24 });
    expect(readDuration('24x')).toEqual({ kind: 'unknown-unit', amount: 24, unit: 'x' });
    expect(readDuration('1y')).toEqual({ kind: 'unknown-unit', amount: 1, unit: 'y' });
    expect(readDuration('-1h')).toEqual({ kind: 'not-a-duration' });
    expect(readDuration('yesterday')).toEqual({ kind: 'not-a-duration' });
    expect(readDuration('2025-06-01')).toEqual({ kind: 'not-a-duration' });
    expect(readDuration('')).toEqual({ kind: 'not-a-duration' });
  });

  it('does not take an inherited property name for a unit', () => {
    expect(readDuration('5constructor')).toEqual({ kind: 'unknown-unit', amount: 5, unit: 'constructor' });
  });
});
