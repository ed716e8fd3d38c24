import { describe, expect, it } from '@jest/globals';
import { editDistance, findClosestMatch } from './closest-match.js';

describe('findClosestMatch', () => {
  it('counts insertions, deletions, substitutions and swaps as one edit each', () => {
    expect(editDistance('alow_cloud', 'allow_cloud')).toBe(1);
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only plausible typos', () => {
    expect(findClosestMatch('alow_cloud', ['allow_cloud', 'description'])).toBe('allow_cloud');
    expect(findClosestMatch('prot', ['port', 'model'])).toBe('port');
    expect(findClosestMatch('zzzzzz', ['allow_cloud', 'description'])).toBeUndefined();
    expect(findClosestMatch('x', [])).toBeUndefined();
  });
});
