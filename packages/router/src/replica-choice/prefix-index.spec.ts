import { describe, expect, it } from '@jest/globals';
import { PREFIX_INDEX_ENTRY_BYTES, PrefixIndex } from './prefix-index.js';

const chain = (from: number, count: number): number[] => Array.from({ length: count }, (_, index) => from + index);

describe('PrefixIndex', () => {
  it('gives each replica its longest matched prefix, counting from the last block it served', () => {
    const index = new PrefixIndex(1_000_000);
    index.record([1, 2, 3, 4], 'http://a');
    index.record([1, 2], 'http://b'); // the shared template moved to b; a still holds the longer chain
    const match = index.match([1, 2, 3, 4, 5, 6]);
    expect(match.total).toBe(6);
    expect(match.blocks.get('http://a')).toBe(4);
    expect(match.blocks.get('http://b')).toBe(2);
    expect(index.match([9, 9]).blocks.size).toBe(0);
  });

  it('evicts the least recently served blocks once the memory cap is reached', () => {
    const index = new PrefixIndex(PREFIX_INDEX_ENTRY_BYTES * 6);
    expect(index.maxEntries).toBe(6);
    index.record(chain(100, 4), 'http://a');
    index.record(chain(200, 4), 'http://b');
    expect(index.size).toBe(6);
    expect(index.match(chain(100, 4)).blocks.get('http://a')).toBe(4);
    expect(index.match(chain(200, 4)).blocks.get('http://b')).toBe(4);
    // the two oldest blocks of a's chain went: a later block still proves the whole prefix up to it
    expect(index.ownedBy('http://a')).toBe(2);
    index.record(chain(300, 6), 'http://c');
    expect(index.match(chain(100, 4)).blocks.size).toBe(0);
    expect(index.ownedBy('http://a')).toBe(0);
    expect(index.ownedBy('http://c')).toBe(6);
  });

  it('forgets a replica that went down, and only that one', () => {
    const index = new PrefixIndex(1_000_000);
    index.record(chain(1, 3), 'http://a');
    index.record(chain(10, 3), 'http://b');
    index.forget('http://a');
    expect(index.match(chain(1, 3)).blocks.size).toBe(0);
    expect(index.match(chain(10, 3)).blocks.get('http://b')).toBe(3);
    expect(index.size).toBe(3);
  });
});
