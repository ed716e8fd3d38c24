import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runProcess } from '@biopipe/core/testing';
import type { RoutingMetric } from '@biopipe/core';
import { readRoutingRecords } from '@biopipe/metrics';

// Real processes appending to one file through the built sink (the `test` target builds first).
const writerScript = path.join(import.meta.dirname, 'fixtures', 'append-records.mjs');

async function runWriter(args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const result = await runProcess(process.execPath, [writerScript, ...args], { env: { ...process.env, ...env } });
  if (result.code !== 0) throw new Error(`writer ${args[1]} exited with ${result.code}: ${result.stderr}`);
}

async function readAll(file: string): Promise<{ records: RoutingMetric[]; invalid: number; files: string[] }> {
  const records: RoutingMetric[] = [];
  const result = await readRoutingRecords({ path: file, onMetric: (record) => records.push(record) });
  return { records, invalid: result.invalid, files: result.files };
}

/** Each writer's records must all be there, once, in the order it wrote them. */
function expectEveryWriterComplete(records: RoutingMetric[], writers: number, perWriter: number): void {
  const seen = new Map<string, number[]>();
  for (const record of records) {
    const [writer = '', index = ''] = record.request_id.split('-');
    seen.set(writer, [...(seen.get(writer) ?? []), Number(index)]);
  }
  expect(seen.size).toBe(writers);
  for (const indexes of seen.values()) expect(indexes).toEqual(Array.from({ length: perWriter }, (_, index) => index));
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-writers-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('several processes appending to one metrics file', () => {
  it('8 processes x 10,000 records give exactly 80,000 valid lines, none interleaved', async () => {
    const file = path.join(directory, 'shared', 'routing_metrics.jsonl');
    await Promise.all(Array.from({ length: 8 }, (_, writer) => runWriter([file, `w${writer}`, '10000'])));
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(80_000);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const { records, invalid } = await readAll(file);
    expect(invalid).toBe(0);
    expect(records).toHaveLength(80_000);
    expectEveryWriterComplete(records, 8, 10_000);
  }, 120_000);

  // Small files make the writers rotate often, racing for the lock. While a writer could remove a lock
  // released and retaken under it, two processes rotated at once and a rename replaced a generation:
  // 9,046 of 24,000 records were left in one run.
  it('rotation under 8 concurrent writers loses no record', async () => {
    const file = path.join(directory, 'rotating', 'routing_metrics.jsonl');
    await Promise.all(
      Array.from({ length: 8 }, (_, writer) => runWriter([file, `r${writer}`, '3000', '100000', '1000'])),
    );
    const { records, invalid, files } = await readAll(file);
    expect(files.length).toBeGreaterThan(3);
    expect(invalid).toBe(0);
    expect(records.length).toBe(24_000);
    expectEveryWriterComplete(
      records.sort((left, right) => left.latency_ms - right.latency_ms),
      8,
      3000,
    );
  }, 120_000);

  it('flushes queued records when the process calls process.exit', async () => {
    const file = path.join(directory, 'exit', 'routing_metrics.jsonl');
    await runWriter([file, 'e', '250'], { HOLD: 'exit' });
    const { records } = await readAll(file);
    expect(records.map((record) => record.request_id)).toEqual(Array.from({ length: 250 }, (_, index) => `e-${index}`));
  }, 60_000);

  it('flushes queued records when the process gets SIGTERM', async () => {
    const file = path.join(directory, 'signal', 'routing_metrics.jsonl');
    const child = spawn(process.execPath, [writerScript, file, 's', '300'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HOLD: '1' },
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    const { records } = await readAll(file);
    expect(records.map((record) => record.request_id)).toEqual(Array.from({ length: 300 }, (_, index) => `s-${index}`));
  }, 60_000);
});
