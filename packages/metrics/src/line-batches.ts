// A character beyond ASCII. The range starts at \x00 on purpose: control characters are ASCII too.
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** One batch of whole lines, encoded. */
interface Batch {
  buffer: Buffer;
  /** Bytes written so far. */
  length: number;
  lines: number;
}

/** A batch handed out for writing: its bytes, how many lines they hold, and `release` once written. */
export interface TakenBatch {
  bytes: Buffer;
  lines: number;
  release(): void;
}

/**
 * Lines waiting for the disk, encoded as UTF-8 the moment they are queued into batches of whole lines
 * of at most `maxBatchBytes` (one longer line goes alone). Encoding at once lets each record's JSON
 * text die young instead of being carried through garbage collections, and an ASCII line (nearly
 * every one) is copied as latin1, the same bytes as UTF-8 at a fraction of the encoder's cost. A
 * written batch's buffer is kept for the next one: fresh megabytes cost a page fault every 4 KiB,
 * several times the encoding itself.
 */
export class LineBatches {
  private readonly batches: Batch[] = [];
  private spare: Buffer | undefined;
  /** Encoded bytes queued, newlines included. */
  bytes = 0;
  lines = 0;

  /** Size of a batch buffer: the batch limit, within reason. */
  private readonly capacity: number;

  constructor(maxBatchBytes: number) {
    this.capacity = Math.max(1, Math.min(maxBatchBytes, 8 * 1024 * 1024));
  }

  /** The bytes `line` takes with its newline. */
  static encodedLength(line: string): number {
    return (NON_ASCII.test(line) ? Buffer.byteLength(line) : line.length) + 1;
  }

  /** Appends `line` (without its newline) whose `encodedLength` is `size`. */
  append(line: string, size: number): void {
    let batch = this.batches[this.batches.length - 1];
    if (batch === undefined || batch.length + size > batch.buffer.length) {
      batch = { buffer: this.allocate(size), length: 0, lines: 0 };
      this.batches.push(batch);
    }
    const { buffer } = batch;
    const written =
      size === line.length + 1 ? buffer.write(line, batch.length, 'latin1') : buffer.write(line, batch.length, 'utf8');
    buffer[batch.length + written] = 0x0a;
    batch.length += written + 1;
    batch.lines += 1;
    this.bytes += written + 1;
    this.lines += 1;
  }

  /** The oldest batch (the one being filled too), out of the queue; undefined when nothing is queued. */
  take(): TakenBatch | undefined {
    const batch = this.batches.shift();
    if (batch === undefined) return undefined;
    this.bytes -= batch.length;
    this.lines -= batch.lines;
    return {
      bytes: batch.buffer.subarray(0, batch.length),
      lines: batch.lines,
      release: () => {
        if (batch.buffer.length === this.capacity) this.spare = batch.buffer;
      },
    };
  }

  private allocate(size: number): Buffer {
    if (size > this.capacity) return Buffer.allocUnsafe(size);
    const spare = this.spare;
    this.spare = undefined;
    return spare ?? Buffer.allocUnsafe(this.capacity);
  }
}
