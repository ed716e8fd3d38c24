import { mkdtemp, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rotateMetricsFile } from './rotate-metrics-file.js';

let directory: string;
let file: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'rotate-metrics-'));
  file = path.join(directory, 'routing_metrics.jsonl');
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const inodeOf = async (name: string): Promise<number> => (await stat(name)).ino;
const contents = async (): Promise<Record<string, string>> => {
  const names = (await readdir(directory)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await readFile(path.join(directory, name), 'utf8')])),
  );
};

describe('rotateMetricsFile', () => {
  it('moves every generation one older and the live file to .1', async () => {
    await writeFile(file, 'live\n');
    await writeFile(`${file}.1`, 'one\n');
    await writeFile(`${file}.2`, 'two\n');
    expect(await rotateMetricsFile({ path: file, keepFiles: 5, expectedInode: await inodeOf(file) })).toBe('rotated');
    expect(await contents()).toEqual({
      'routing_metrics.jsonl.1': 'live\n',
      'routing_metrics.jsonl.2': 'one\n',
      'routing_metrics.jsonl.3': 'two\n',
    });
  });

  it('deletes only the generations past keepFiles', async () => {
    await writeFile(file, 'live\n');
    await writeFile(`${file}.1`, 'one\n');
    await writeFile(`${file}.2`, 'two\n');
    expect(await rotateMetricsFile({ path: file, keepFiles: 2, expectedInode: await inodeOf(file) })).toBe('rotated');
    expect(await contents()).toEqual({ 'routing_metrics.jsonl.1': 'live\n', 'routing_metrics.jsonl.2': 'one\n' });
  });

  it('does nothing when another process already rotated the file it measured', async () => {
    await writeFile(file, 'live\n');
    const measured = await inodeOf(file);
    await rename(file, `${file}.1`); // the other process's rotation; the old inode stays in use
    await writeFile(file, 'new live\n');
    expect(await rotateMetricsFile({ path: file, keepFiles: 5, expectedInode: measured })).toBe('already-rotated');
    expect(await contents()).toEqual({ 'routing_metrics.jsonl': 'new live\n', 'routing_metrics.jsonl.1': 'live\n' });
  });

  it('leaves a lock another process holds, and rotates nothing', async () => {
    await writeFile(file, 'live\n');
    await writeFile(`${file}.lock`, '4242\n');
    expect(await rotateMetricsFile({ path: file, keepFiles: 5, expectedInode: await inodeOf(file) })).toBe('locked');
    expect(await contents()).toEqual({ 'routing_metrics.jsonl': 'live\n', 'routing_metrics.jsonl.lock': '4242\n' });
  });

  it('removes a stale lock, then rotates on the next try', async () => {
    await writeFile(file, 'live\n');
    await writeFile(`${file}.lock`, '4242\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    const options = { path: file, keepFiles: 5, expectedInode: await inodeOf(file), staleLockMs: 30_000 };
    expect(await rotateMetricsFile(options)).toBe('locked');
    expect(await rotateMetricsFile(options)).toBe('rotated');
    expect(await contents()).toEqual({ 'routing_metrics.jsonl.1': 'live\n' });
  });
});
