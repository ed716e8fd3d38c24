import { describe, expect, it } from '@jest/globals';
import { hashPrefixBlocks, serializeForPrefix } from './prefix-blocks.js';

const settings = { blockChars: 8, maxBlocks: 4 };

describe('hashPrefixBlocks', () => {
  it('hashes only full blocks, and the same text always the same way', () => {
    expect(hashPrefixBlocks('a'.repeat(23), settings)).toHaveLength(2);
    expect(hashPrefixBlocks('abcdefgh12345678', settings)).toEqual(hashPrefixBlocks('abcdefgh12345678', settings));
  });

  it('chains blocks: a change in the first block changes every hash after it', () => {
    const base = hashPrefixBlocks('abcdefgh12345678ABCDEFGH', settings);
    const early = hashPrefixBlocks('Xbcdefgh12345678ABCDEFGH', settings);
    const late = hashPrefixBlocks('abcdefgh12345678ABCDEFGX', settings);
    expect(early.filter((hash, index) => hash === base[index])).toEqual([]);
    expect(late.slice(0, 2)).toEqual(base.slice(0, 2));
    expect(late[2]).not.toBe(base[2]);
  });

  it('stops at maxBlocks and yields safe integers', () => {
    const hashes = hashPrefixBlocks('z'.repeat(800), settings);
    expect(hashes).toHaveLength(4);
    for (const hash of hashes) expect(Number.isSafeInteger(hash)).toBe(true);
  });
});

describe('serializeForPrefix', () => {
  it('tells apart message lists whose contents alone would join to the same text', () => {
    const one = serializeForPrefix('m', [{ role: 'user', content: 'ab' }]);
    const two = serializeForPrefix('m', [
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ]);
    const system = serializeForPrefix('m', [{ role: 'system', content: 'ab' }]);
    expect(new Set([one, two, system]).size).toBe(3);
  });

  it('keeps a conversation prefix when a turn is appended', () => {
    const first = serializeForPrefix('m', [{ role: 'system', content: 'template' }]);
    const longer = serializeForPrefix('m', [
      { role: 'system', content: 'template' },
      { role: 'user', content: 'question' },
    ]);
    expect(longer.startsWith(first)).toBe(true);
  });
});
