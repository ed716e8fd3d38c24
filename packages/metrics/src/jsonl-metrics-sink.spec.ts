import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Logger, RoutingRecord } from '@biopipe/core';
import { JsonlMetricsSink } from './jsonl-metrics-sink.js';
import { readRoutingRecords } from './read-routing-records.js';
import { createRoutingDecision, createRoutingMetric } from './testing/create-routing-records.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-sink-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function createRecordingLogger(): Logger & { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  return {
    errors,
    warnings,
    debug: ignore,
    info: ignore,
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  };
}

async function readBack(file: string): Promise<{ records: RoutingRecord[]; invalid: number; files: string[] }> {
  const records: RoutingRecord[] = [];
  const result = await readRoutingRecords({
    path: file,
    onMetric: (record) => records.push(record),
    onDecision: (record) => records.push(record),
  });
  return { records, invalid: result.invalid, files: result.files };
}

const metric = (index: number): RoutingRecord =>
  createRoutingMetric({
    request_id: `req-${index}`,
    timestamp: new Date(Date.UTC(2025, 5, 1) + index * 1000).toISOString(),
    latency_ms: index,
  });

describe('JsonlMetricsSink', () => {
  it('writes records that round-trip through the reader, decisions in the same file', async () => {
    const file = path.join(directory, 'round-trip', 'logs', 'routing_metrics.jsonl');
    const sink = new JsonlMetricsSink({ path: file });
    const written: RoutingRecord[] = [];
    for (let index = 0; index < 250; index += 1) {
      const record = index % 5 === 0 ? createRoutingDecision({ request_id: `req-${index}` }) : metric(index);
      written.push(record);
      sink.record(record);
    }
    await sink.close();
    expect(sink.statistics()).toEqual({ written: 250, dropped: 0 });
    expect(await readBack(file)).toEqual({ records: written, invalid: 0, files: [file] });
  });

  it('never throws or blocks when the disk fails, and reports it once', async () => {
    const file = path.join(directory, 'blocked', 'routing_metrics.jsonl');
    await mkdir(file, { recursive: true }); // a directory where the file should be
    const logger = createRecordingLogger();
    const sink = new JsonlMetricsSink({ path: file, logger });
    for (let batch = 0; batch < 3; batch += 1) {
      for (let index = 0; index < 10; index += 1) expect(() => sink.record(metric(index))).not.toThrow();
      await sink.flush();
    }
    await sink.close();
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toContain(file);
    expect(logger.errors[0]).toContain('EISDIR');
    expect(sink.statistics()).toEqual({ written: 0, dropped: 30 });
  });

  it('reports a parent path that is a file once, as ENOTDIR', async () => {
    const parent = path.join(directory, 'not-a-directory');
    await writeFile(parent, 'x');
    const logger = createRecordingLogger();
    const sink = new JsonlMetricsSink({ path: path.join(parent, 'routing_metrics.jsonl'), logger });
    sink.record(metric(1));
    await sink.flush();
    sink.flushSync();
    sink.record(metric(2));
    sink.flushSync();
    await sink.close();
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/ENOTDIR|EEXIST/);
    expect(sink.statistics().dropped).toBe(2);
  });

  it('rotates by size, keeps the order across files, and keeps N files', async () => {
    const file = path.join(directory, 'rotation', 'routing_metrics.jsonl');
    const sink = new JsonlMetricsSink({ path: file, maxFileBytes: 20_000, keepFiles: 100, maxBatchBytes: 3_000 });
    for (let index = 0; index < 600; index += 1) {
      sink.record(metric(index));
      if (index % 7 === 0) await sink.flush();
    }
    await sink.close();
    const { records, files } = await readBack(file);
    expect(files.length).toBeGreaterThan(5);
    expect(files.at(-1)).toBe(file);
    expect(records.map((record) => record.request_id)).toEqual(
      Array.from({ length: 600 }, (_, index) => `req-${index}`),
    );
    for (const name of files) expect((await stat(name)).size).toBeLessThanOrEqual(20_000);

    const kept = path.join(directory, 'kept', 'routing_metrics.jsonl');
    const limited = new JsonlMetricsSink({ path: kept, maxFileBytes: 20_000, keepFiles: 2, maxBatchBytes: 3_000 });
    for (let index = 0; index < 600; index += 1) limited.record(metric(index));
    await limited.close();
    expect((await readdir(path.dirname(kept))).sort()).toEqual([
      'routing_metrics.jsonl',
      'routing_metrics.jsonl.1',
      'routing_metrics.jsonl.2',
    ]);
    const ids = (await readBack(kept)).records.map((record) => Number(record.request_id.slice(4)));
    expect(ids.at(-1)).toBe(599);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => 600 - ids.length + index));
  });

  it('keeps appending, and says so once, when the file cannot be rotated', async () => {
    const file = path.join(directory, 'unrotatable', 'routing_metrics.jsonl');
    await mkdir(`${file}.1`, { recursive: true }); // the name the live file would move to is taken
    const logger = createRecordingLogger();
    const sink = new JsonlMetricsSink({ path: file, maxFileBytes: 5_000, keepFiles: 3, maxBatchBytes: 1_000, logger });
    for (let index = 0; index < 60; index += 1) {
      sink.record(metric(index));
      if (index % 5 === 0) await sink.flush();
    }
    await sink.close();
    expect(sink.statistics()).toEqual({ written: 60, dropped: 0 });
    expect((await readBack(file)).records.map((record) => record.request_id)).toEqual(
      Array.from({ length: 60 }, (_, index) => `req-${index}`),
    );
    expect(logger.errors).toEqual([]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(`Cannot rotate the routing metrics file ${file}`);
  });

  it('with keep_files 0, deletes the full file instead of keeping it', async () => {
    const file = path.join(directory, 'keep-none', 'routing_metrics.jsonl');
    const sink = new JsonlMetricsSink({ path: file, maxFileBytes: 10_000, keepFiles: 0, maxBatchBytes: 1_000 });
    for (let index = 0; index < 100; index += 1) sink.record(metric(index));
    await sink.close();
    expect(await readdir(path.dirname(file))).toEqual(['routing_metrics.jsonl']);
    const ids = (await readBack(file)).records.map((record) => record.request_id);
    expect(ids.at(-1)).toBe('req-99');
    expect(ids.length).toBeLessThan(100);
  });

  it('writes pending records synchronously for exit handlers', async () => {
    const file = path.join(directory, 'sync', 'routing_metrics.jsonl');
    const sink = new JsonlMetricsSink({ path: file, flushIntervalMs: 60_000 });
    sink.record(metric(1));
    sink.record(metric(2));
    sink.flushSync();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
    await sink.close();
  });

  it('writes every pending record synchronously even when they fill several batches', async () => {
    const file = path.join(directory, 'sync-batches', 'routing_metrics.jsonl');
    const sink = new JsonlMetricsSink({ path: file, flushIntervalMs: 60_000, maxBatchBytes: 100 });
    for (let index = 0; index < 40; index++) sink.record(metric(index));
    sink.flushSync();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(40);
    await sink.close();
  });

  it('drops records beyond the queue limit instead of growing, and says so once', async () => {
    const file = path.join(directory, 'queue', 'routing_metrics.jsonl');
    const logger = createRecordingLogger();
    const sink = new JsonlMetricsSink({
      path: file,
      logger,
      maxQueuedBytes: 5_000,
      maxBatchBytes: 1_000_000,
      flushIntervalMs: 60_000,
    });
    for (let index = 0; index < 20; index += 1) sink.record(metric(index));
    await sink.close();
    const { written, dropped } = sink.statistics();
    expect(written + dropped).toBe(20);
    expect(dropped).toBeGreaterThan(0);
    expect(logger.errors).toHaveLength(1);
    sink.record(metric(99));
    expect(sink.statistics().dropped).toBe(dropped + 1);
  });

  it('redacts credentials that slipped into an error message', async () => {
    const file = path.join(directory, 'redact', 'routing_metrics.jsonl');
    const sink = new JsonlMetricsSink({ path: file });
    sink.record(
      createRoutingMetric({
        success: false,
        error_class: 'http-401',
        error_message: 'rejected Authorization: Bearer sk-abcdefghijklmnopqrstuvwxyz',
      }),
    );
    await sink.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(text).toContain('[redacted]');
  });
});
