import { describe, expect, it } from '@jest/globals';
import { collapseRepeats } from './collapse-repeats.js';

describe('collapseRepeats', () => {
  it('lists a run of equal labels once with its count, and keeps runs apart when they differ', () => {
    expect(collapseRepeats(['a: refused', 'b: http-500', 'b: http-500', 'b: http-500', 'a: refused'])).toEqual([
      'a: refused',
      'b: http-500 ×3',
      'a: refused',
    ]);
    expect(collapseRepeats([])).toEqual([]);
  });
});
