import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger, type MetricsSink, type RoutingRecord } from '@biopipe/core';
import { LineBatches } from './line-batches.js';
import { redactSecrets } from './redact-secrets.js';
import { rotateMetricsFile } from './rotate-metrics-file.js';

export interface JsonlMetricsSinkOptions {
  /** The JSONL file (see `resolveMetricsPath`); its directory is created when missing. */
  path: string;
  /** Rotate before a write would take the file past this size; 0 never rotates. @default 52428800 (50 MiB) */
  maxFileBytes?: number;
  /** Rotated files kept (`.1` newest … `.N`). @default 5 */
  keepFiles?: number;
  /** Told once when the disk fails. @default silentLogger */
  logger?: Logger;
  /** Longest a record waits in memory before its batch is written. @default 250 */
  flushIntervalMs?: number;
  /** A batch (one `write`) holds at most this many bytes of whole lines (and at most an eighth of `maxFileBytes`); one larger line goes alone. @default 1048576 */
  maxBatchBytes?: number;
  /** Records beyond this many queued bytes are dropped and counted (a stuck disk must not eat memory). @default 16777216 */
  maxQueuedBytes?: number;
}

/** What a sink did so far. */
export interface SinkStatistics {
  written: number;
  /** Records lost: the disk failed, the queue was full, or `record` came after `close`. */
  dropped: number;
}

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined || message.startsWith(code) ? message : `${code}: ${message}`;
}

/**
 * A MetricsSink appending one JSON line per record. `record` only queues (it never blocks or throws);
 * batches of whole lines are written off the request path, each with ONE `write` on a file opened with
 * O_APPEND, so lines from several processes sharing the file never interleave (the kernel places each
 * append at the current end of file under the inode lock on local filesystems). A failing disk is
 * reported once through the logger; requests go on and the lost records are counted.
 */
export class JsonlMetricsSink implements MetricsSink {
  readonly path: string;
  private readonly maxFileBytes: number;
  private readonly keepFiles: number;
  private readonly logger: Logger;
  private readonly flushIntervalMs: number;
  private readonly maxBatchBytes: number;
  private readonly maxQueuedBytes: number;
  private readonly queue: LineBatches;
  /** Records not yet encoded (until the next turn of the event loop). */
  private pending: RoutingRecord[] = [];
  private encodeTimer: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private handle: { file: FileHandle; inode: number } | undefined;
  private closed = false;
  private failureReported = false;
  private rotationFailureReported = false;
  private readonly counts: SinkStatistics = { written: 0, dropped: 0 };

  constructor(options: JsonlMetricsSinkOptions) {
    this.path = path.resolve(options.path);
    this.maxFileBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
    this.keepFiles = options.keepFiles ?? 5;
    this.logger = options.logger ?? silentLogger;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    // A batch is never more than an eighth of a file, so rotated files stay close to their size limit.
    this.maxBatchBytes = Math.min(
      options.maxBatchBytes ?? 1024 * 1024,
      this.maxFileBytes > 0 ? Math.max(1, Math.floor(this.maxFileBytes / 8)) : Number.POSITIVE_INFINITY,
    );
    this.maxQueuedBytes = options.maxQueuedBytes ?? 16 * 1024 * 1024;
    this.queue = new LineBatches(this.maxBatchBytes);
  }

  /**
   * Queues a record. Turning it into JSON and bytes waits for the event loop's next turn, so a
   * request's answer goes out before its metric is encoded; `flush`, `close` and `flushSync` encode
   * whatever is still waiting first.
   */
  record(entry: RoutingRecord): void {
    if (this.closed) {
      this.counts.dropped += 1;
      return;
    }
    this.pending.push(entry);
    this.encodeTimer ??= setImmediate(this.encodePending);
  }

  /** Encodes the waiting records; `startDrains: false` leaves every batch queued (for `flushSync`). */
  private readonly encodePending = (startDrains = true): void => {
    if (this.encodeTimer !== undefined) clearImmediate(this.encodeTimer);
    this.encodeTimer = undefined;
    const entries = this.pending;
    this.pending = [];
    for (const entry of entries) this.encode(entry, startDrains);
  };

  private encode(entry: RoutingRecord, startDrains: boolean): void {
    try {
      const safe =
        entry.type === 'routing_metric' && entry.error_message !== null
          ? { ...entry, error_message: redactSecrets(entry.error_message) }
          : entry;
      const line = JSON.stringify(safe);
      const size = LineBatches.encodedLength(line);
      if (this.queue.bytes + size > this.maxQueuedBytes) {
        this.counts.dropped += 1;
        this.reportFailure(
          new Error(`more than ${this.maxQueuedBytes} bytes of records are waiting for the disk; dropping new ones`),
        );
        return;
      }
      this.queue.append(line, size);
      if (!startDrains) return;
      if (this.queue.bytes >= this.maxBatchBytes) this.startDrain();
      else this.timer ??= setTimeout(() => this.startDrain(), this.flushIntervalMs);
    } catch (error) {
      this.counts.dropped += 1;
      this.reportFailure(error);
    }
  }

  flush(): Promise<void> {
    this.encodePending();
    this.startDrain();
    return this.draining ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    const handle = this.handle;
    this.handle = undefined;
    await handle?.file.close().catch(() => undefined);
  }

  /** Writes whatever is queued right now, synchronously: for `process.on('exit')` and signal handlers. */
  flushSync(): void {
    // A drain started now would take a batch into an asynchronous write that an exiting process never finishes.
    this.encodePending(false);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.lines === 0) return;
    try {
      mkdirSync(path.dirname(this.path), { recursive: true });
      const descriptor = openSync(this.path, 'a');
      try {
        for (let batch = this.queue.take(); batch !== undefined; batch = this.queue.take()) {
          try {
            for (let offset = 0; offset < batch.bytes.length;) offset += writeSync(descriptor, batch.bytes, offset);
            this.counts.written += batch.lines;
          } catch (error) {
            this.counts.dropped += batch.lines;
            throw error;
          }
        }
      } finally {
        closeSync(descriptor);
      }
    } catch (error) {
      this.counts.dropped += this.queue.lines;
      for (let batch = this.queue.take(); batch !== undefined; batch = this.queue.take()) batch.release();
      this.reportFailure(error);
    }
  }

  statistics(): SinkStatistics {
    return { ...this.counts };
  }

  private startDrain(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // Records queued while the last batch was being written get their own timer.
      if (this.queue.lines > 0) this.timer ??= setTimeout(() => this.startDrain(), this.flushIntervalMs);
    });
  }

  private async drain(): Promise<void> {
    for (let batch = this.queue.take(); batch !== undefined; batch = this.queue.take()) {
      try {
        await this.writeBatch(batch.bytes);
        this.counts.written += batch.lines;
      } catch (error) {
        this.counts.dropped += batch.lines;
        this.reportFailure(error);
        const handle = this.handle;
        this.handle = undefined;
        await handle?.file.close().catch(() => undefined);
      }
      batch.release();
    }
  }

  private async writeBatch(batch: Buffer): Promise<void> {
    const current = await stat(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    // Another process rotated (or someone removed) the file: our descriptor points at the old one.
    if (this.handle !== undefined && current?.ino !== this.handle.inode) await this.reopen();
    if (
      current !== undefined &&
      this.maxFileBytes > 0 &&
      current.size > 0 &&
      current.size + batch.length > this.maxFileBytes
    ) {
      // A rotation that fails leaves the file to grow past its limit; the batch is still appended.
      await rotateMetricsFile({ path: this.path, keepFiles: this.keepFiles, expectedInode: current.ino }).catch(
        (error: unknown) => this.reportRotationFailure(error),
      );
      await this.reopen();
    }
    const handle = this.handle ?? (await this.reopen());
    for (let offset = 0; offset < batch.length;) offset += (await handle.file.write(batch, offset)).bytesWritten;
  }

  private async reopen(): Promise<{ file: FileHandle; inode: number }> {
    await this.handle?.file.close().catch(() => undefined);
    this.handle = undefined;
    await mkdir(path.dirname(this.path), { recursive: true });
    const file = await open(this.path, 'a');
    this.handle = { file, inode: (await file.stat()).ino };
    return this.handle;
  }

  private reportRotationFailure(error: unknown): void {
    if (this.rotationFailureReported) return;
    this.rotationFailureReported = true;
    this.logger.warn(
      `Cannot rotate the routing metrics file ${this.path} (${describeFailure(error)}); records are still appended to it, past its size limit.`,
      { path: this.path, hint: 'Check that the directory is writable; rotation is tried again before each batch.' },
    );
  }

  private reportFailure(error: unknown): void {
    if (this.failureReported) return;
    this.failureReported = true;
    this.logger.error(
      `Cannot write routing metrics to ${this.path} (${describeFailure(error)}); requests go on, but their metrics are lost until this is fixed.`,
      {
        path: this.path,
        hint: "Check that the directory exists and is writable and the disk has space, or set BIOPIPELINES_METRICS_PATH (or the profile's metrics.path) to another file.",
      },
    );
  }
}

/** Creates a {@link JsonlMetricsSink}. */
export function createJsonlMetricsSink(options: JsonlMetricsSinkOptions): JsonlMetricsSink {
  return new JsonlMetricsSink(options);
}
