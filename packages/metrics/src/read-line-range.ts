import { open } from 'node:fs/promises';

/** A byte range of one file. A range owns every line that starts inside it. */
export interface LineRange {
  file: string;
  /** First byte. @default 0 */
  start?: number;
  /** One past the last byte a line may start at. @default the end of the file */
  end?: number;
}

/** How a line ended: with a newline, or cut off at the end of the file (a torn write?). */
export type LineEnding = 'newline' | 'end-of-file';

export interface ReadLineRangeOptions extends LineRange {
  /**
   * Called for each non-blank line, `bytes[start, end)` without its newline, with its 1-based number
   * within the range. The bytes are valid only during the call (read buffers are reused).
   */
  onLine(bytes: Buffer, start: number, end: number, lineNumber: number, ending: LineEnding): void;
  /** Lines longer than this are skipped (reported as `oversized`) instead of held in memory. @default 16777216 */
  maxLineBytes?: number;
  /** Awaited, when it returns a promise, before each 64 KiB slice: lets the caller catch up on deferred work. */
  beforeSlice?(): Promise<void> | undefined;
}

export interface LineRangeResult {
  /** Lines in the range, blank ones included (so numbers add up across ranges). */
  lines: number;
  /** 1-based numbers of lines skipped for exceeding `maxLineBytes`. */
  oversized: number[];
}

const READ_BYTES = 1024 * 1024;
const SLICE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** A line of white space only (as `String.prototype.trim` sees it); a record line starts with `{`. */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  return bytes[start] !== 0x7b && bytes.toString('utf8', start, end).trim() === '';
}

/**
 * Reads a file from `position` in 1 MiB reads, the next one already in flight while the last is
 * processed (one 64 KiB read at a time leaves the thread idle half the time), and yields 64 KiB
 * slices, so a caller's `beforeSlice` runs often. Two buffers take turns,
 * so the reader does not map fresh memory for every read; a yielded slice is valid until the next
 * one after it is requested.
 */
async function* readSlices(file: string, position: number): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  let [current, spare] = [Buffer.allocUnsafeSlow(READ_BYTES), Buffer.allocUnsafeSlow(READ_BYTES)];
  const readAt = (at: number): Promise<{ bytesRead: number; buffer: Buffer }> => {
    const read = handle.read(current, 0, READ_BYTES, at);
    [current, spare] = [spare, current];
    read.catch(() => undefined); // awaited below; this only keeps a failure from counting as unhandled meanwhile
    return read;
  };
  let next = readAt(position);
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      next = readAt((position += bytesRead));
      for (let offset = 0; offset < bytesRead; offset += SLICE_BYTES)
        yield buffer.subarray(offset, Math.min(bytesRead, offset + SLICE_BYTES));
    }
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}

export async function readLineRange(options: ReadLineRangeOptions): Promise<LineRangeResult> {
  const start = options.start ?? 0;
  const end = options.end ?? Number.POSITIVE_INFINITY;
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  let lineNumber = 0;
  const oversized: number[] = [];
  const emitLine = (bytes: Buffer, from: number, to: number, ending: LineEnding): void => {
    lineNumber += 1;
    if (!isBlank(bytes, from, to)) options.onLine(bytes, from, to, lineNumber, ending);
  };

  // Starting one byte early tells whether a line begins exactly at `start`: the bytes up to the first
  // newline belong to the previous range.
  let position = start === 0 ? 0 : start - 1; // file offset of the current chunk's first byte
  let skipping = start !== 0;
  let carry: Buffer[] = []; // the start of a line continued in the next chunk
  let carryBytes = 0;
  let tooLong = false; // the carried line passed maxLineBytes and is being skipped
  for await (const chunk of readSlices(options.file, position)) {
    const pause = options.beforeSlice?.();
    if (pause !== undefined) await pause;
    let index = 0;
    if (skipping) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        position += chunk.length;
        continue;
      }
      skipping = false;
      index = newline + 1;
    }
    while (index < chunk.length) {
      // A new line starts here: past `end`, it belongs to the next range.
      if (carryBytes === 0 && !tooLong && position + index >= end) return { lines: lineNumber, oversized };
      const newline = chunk.indexOf(NEWLINE, index);
      if (newline === -1) {
        if (!tooLong) {
          carry.push(Buffer.from(chunk.subarray(index))); // a copy: the read buffer will be reused
          carryBytes += chunk.length - index;
          if (carryBytes > maxLineBytes) [tooLong, carry, carryBytes] = [true, [], 0];
        }
        break;
      }
      if (tooLong) {
        lineNumber += 1;
        oversized.push(lineNumber);
        tooLong = false;
        index = newline + 1;
      } else if (carryBytes > 0) {
        const line = Buffer.concat([...carry, chunk.subarray(index, newline)]);
        emitLine(line, 0, line.length, 'newline');
        [carry, carryBytes] = [[], 0];
        index = newline + 1;
      } else {
        emitLine(chunk, index, newline, 'newline');
        index = newline + 1;
      }
    }
    position += chunk.length;
  }
  if (tooLong) {
    lineNumber += 1;
    oversized.push(lineNumber);
  } else if (carryBytes > 0) {
    const line = Buffer.concat(carry);
    emitLine(line, 0, line.length, 'end-of-file');
  }
  return { lines: lineNumber, oversized };
}
