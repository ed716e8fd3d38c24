import { describe, expect, it } from '@jest/globals';
import { PrefixCache } from './prefix-cache.js';

const ids = (from: number, count: number): number[] => Array.from({ length: count }, (_, index) => from + index);

describe('PrefixCache', () => {
  it('finds nothing the first time and the shared full blocks the second time', () => {
    const cache = new PrefixCache(4, 100);
    expect(cache.lookupAndStore(ids(0, 10))).toBe(0);
    expect(cache.lookupAndStore([...ids(0, 8), 99, 98, 97])).toBe(8);
  });

  it('matches a block only when everything before it matches too', () => {
    const cache = new PrefixCache(4, 100);
    cache.lookupAndStore(ids(0, 8));
    expect(cache.lookupAndStore([50, 51, 52, 53, ...ids(4, 4)])).toBe(0);
  });

  it('always leaves one token to compute', () => {
    const cache = new PrefixCache(4, 100);
    cache.lookupAndStore(ids(0, 8));
    expect(cache.lookupAndStore(ids(0, 8))).toBe(7);
  });

  it('evicts the least recently used blocks past its capacity', () => {
    const cache = new PrefixCache(2, 2);
    cache.lookupAndStore(ids(0, 4));
    cache.lookupAndStore(ids(100, 4));
    expect(cache.size).toBe(2);
    expect(cache.lookupAndStore(ids(0, 5))).toBe(0);
  });
});

describe('PrefixCache under running requests', () => {
  it('evicts cached prefixes to make room for blocks running requests generate into', () => {
    const cache = new PrefixCache(2, 6);
    cache.lookupAndStore(ids(0, 4));
    cache.lookupAndStore(ids(100, 4));
    cache.lookupAndStore(ids(200, 4));
    expect(cache.size).toBe(6);
    cache.reserve(3);
    expect(cache.size).toBe(3);
    // the oldest prefix went first; the newest is still whole
    expect(cache.lookupAndStore(ids(200, 5))).toBe(4);
    expect(cache.lookupAndStore(ids(0, 5))).toBe(0);
    cache.release(3);
    cache.lookupAndStore(ids(300, 6));
    expect(cache.size).toBe(6);
  });

  it('keeps at most the capacity while a working set larger than one replica cycles through it', () => {
    const cache = new PrefixCache(4, 40);
    const prefixes = Array.from({ length: 5 }, (_, index) => ids(index * 1000, 40));
    let hits = 0;
    for (let round = 0; round < 3; round += 1)
      for (const prefix of prefixes) hits += cache.lookupAndStore(prefix) > 0 ? 1 : 0;
    expect(cache.size).toBeLessThanOrEqual(40);
    expect(hits).toBe(0);
  });
});
