import { describe, expect, it } from '@jest/globals';
import { LineBatches } from './line-batches.js';

const add = (batches: LineBatches, line: string): void => batches.append(line, LineBatches.encodedLength(line));

describe('LineBatches', () => {
  it('encodes ASCII and non-ASCII lines as UTF-8, each with its newline', () => {
    const batches = new LineBatches(1024);
    add(batches, '{"model":"qwen"}');
    add(batches, '{"error_message":"Größe überschritten — 上下文"}');
    expect(batches.lines).toBe(2);
    const taken = batches.take();
    expect(taken?.bytes.toString('utf8')).toBe('{"model":"qwen"}\n{"error_message":"Größe überschritten — 上下文"}\n');
    expect(taken?.bytes.length).toBe(batches.bytes + (taken?.bytes.length ?? 0));
    expect(batches.take()).toBeUndefined();
  });

  it('splits into batches of whole lines within the limit; a longer line goes alone', () => {
    const batches = new LineBatches(25);
    for (const line of ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10), 'd'.repeat(40), 'e'.repeat(5)])
      add(batches, line);
    const sizes: string[] = [];
    for (let batch = batches.take(); batch !== undefined; batch = batches.take()) {
      sizes.push(batch.bytes.toString('latin1'));
      batch.release();
    }
    expect(sizes).toEqual([
      `${'a'.repeat(10)}\n${'b'.repeat(10)}\n`,
      `${'c'.repeat(10)}\n`,
      `${'d'.repeat(40)}\n`,
      `${'e'.repeat(5)}\n`,
    ]);
    expect(batches.bytes).toBe(0);
    expect(batches.lines).toBe(0);
  });

  it('reuses a released buffer for the next batch, and never one still being written', () => {
    const batches = new LineBatches(64);
    add(batches, 'first');
    const first = batches.take();
    add(batches, 'second');
    const second = batches.take();
    const sameMemory = (a: Buffer | undefined, b: Buffer | undefined): boolean =>
      a?.buffer === b?.buffer && a?.byteOffset === b?.byteOffset;
    expect(sameMemory(second?.bytes, first?.bytes)).toBe(false);
    expect(first?.bytes.toString()).toBe('first\n');
    first?.release();
    add(batches, 'third');
    const third = batches.take();
    expect(sameMemory(third?.bytes, first?.bytes)).toBe(true);
    expect(third?.bytes.toString()).toBe('third\n');
  });
});
