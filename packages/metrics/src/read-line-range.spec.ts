import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readLineRange, type LineEnding } from './read-line-range.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-lines-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function collect(
  file: string,
  start?: number,
  end?: number,
  maxLineBytes?: number,
): Promise<{ lines: [string, number, LineEnding][]; count: number; oversized: number[] }> {
  const lines: [string, number, LineEnding][] = [];
  const result = await readLineRange({
    file,
    start,
    end,
    maxLineBytes,
    onLine: (bytes, from, to, number, ending) => lines.push([bytes.toString('utf8', from, to), number, ending]),
  });
  return { lines, count: result.lines, oversized: result.oversized };
}

describe('readLineRange', () => {
  it('reads lines across 64 KiB chunks, with multi-byte UTF-8 split at chunk edges', async () => {
    const file = path.join(directory, 'utf8.jsonl');
    const lines = Array.from({ length: 3000 }, (_, index) => `{"n":${index},"text":"${'é€𝄞'.repeat(index % 40)}"}`);
    await writeFile(file, `${lines.join('\n')}\n`);
    const { lines: read, count } = await collect(file);
    expect(read.map(([line]) => line)).toEqual(lines);
    expect(read.map(([, number]) => number)).toEqual(lines.map((_, index) => index + 1));
    expect(count).toBe(lines.length);
  });

  it('splits a file into ranges that own every line exactly once, whatever the cut points', async () => {
    const file = path.join(directory, 'ranges.jsonl');
    const lines = Array.from({ length: 2000 }, (_, index) => `line-${index}-${'x'.repeat((index * 37) % 300)}`);
    const text = `${lines.join('\n')}\n\n${'tail-without-newline'}`;
    await writeFile(file, text);
    const size = Buffer.byteLength(text);
    const expected = [...lines, 'tail-without-newline'];
    for (const parts of [1, 2, 3, 7, 50]) {
      const step = Math.ceil(size / parts);
      const read: string[] = [];
      let total = 0;
      for (let start = 0; start < size; start += step) {
        const result = await collect(file, start, Math.min(size, start + step));
        read.push(...result.lines.map(([line]) => line));
        total += result.count;
      }
      expect(read).toEqual(expected);
      expect(total).toBe(expected.length + 1); // the blank line is counted, not passed on
    }
  });

  it('tells a line cut at the end of the file from a complete one', async () => {
    const file = path.join(directory, 'cut.jsonl');
    await writeFile(file, '{"a":1}\n{"b":');
    const { lines } = await collect(file);
    expect(lines).toEqual([
      ['{"a":1}', 1, 'newline'],
      ['{"b":', 2, 'end-of-file'],
    ]);
  });

  it('skips a line longer than the limit without holding it, and goes on', async () => {
    const file = path.join(directory, 'long.jsonl');
    await writeFile(file, `first\n${'z'.repeat(300_000)}\nlast\n`);
    const { lines, oversized, count } = await collect(file, 0, undefined, 100_000);
    expect(lines.map(([line, number]) => [line, number])).toEqual([
      ['first', 1],
      ['last', 3],
    ]);
    expect(oversized).toEqual([2]);
    expect(count).toBe(3);
  });

  it('reads CRLF lines (JSON.parse ignores the carriage return)', async () => {
    const file = path.join(directory, 'crlf.jsonl');
    await writeFile(file, '{"a":1}\r\n{"a":2}\r\n');
    const { lines } = await collect(file);
    expect(lines.map(([line]) => JSON.parse(line) as unknown)).toEqual([{ a: 1 }, { a: 2 }]);
  });
});
