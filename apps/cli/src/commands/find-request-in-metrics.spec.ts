import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MetricsFile } from '@biopipe/metrics';
import { findRequestInMetrics } from './find-request-in-metrics.js';

const CHUNK = 1024 * 1024;
const line = (id: string): string => `${JSON.stringify({ schema_version: 3, request_id: id, outcome: 'success' })}\n`;
let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'find-request-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string, generation = 0): MetricsFile {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return { path: file, size: Buffer.byteLength(text), generation };
}

describe('findRequestInMetrics', () => {
  it('finds an id whose text is split across two reads, and at either end of a file', async () => {
    // Reads go back from the end in 1 MiB chunks: the first boundary falls 5 bytes into the needle.
    const needle = '"request_id":"split-id"';
    const last = line('last-id');
    const tail = `${'x'.repeat(CHUNK + 5 - needle.length - last.length)}${last}`;
    const file = write('m.jsonl', `${line('first-id')}${'y'.repeat(100)}${needle}${tail}`);
    expect(file.size - CHUNK - readFileSync(file.path, 'latin1').indexOf(needle)).toBe(5);
    const files = [file];
    for (const id of ['split-id', 'first-id', 'last-id'])
      expect(await findRequestInMetrics(id, files)).toMatchObject({ found: true, filesSearched: 1 });
  });

  it('matches the whole id only: a prefix of another id, or the id in another field, is not it', async () => {
    const files = [write('m.jsonl', `${line('req-10')}{"note":"req-1","parent_request_id":"req-1"}\n`)];
    expect(await findRequestInMetrics('req-1', files)).toMatchObject({ found: false, bytesSkipped: 0 });
    expect(await findRequestInMetrics('req-10', files)).toMatchObject({ found: true });
  });

  it('searches every file of the series, rotated ones too, and says what it read', async () => {
    const files = [
      write('m.jsonl.2', line('old-id'), 2),
      write('m.jsonl.1', line('a'), 1),
      write('m.jsonl', line('b')),
    ];
    expect(await findRequestInMetrics('old-id', files)).toMatchObject({ found: true, filesSearched: 3 });
    const total = files.reduce((sum, file) => sum + file.size, 0);
    expect(await findRequestInMetrics('nowhere', files)).toEqual({
      found: false,
      filesSearched: 3,
      bytesSearched: total,
      bytesSkipped: 0,
    });
  });

  it('reads at most maxBytes, newest first, and counts what it left unread', async () => {
    const old = write('m.jsonl.1', line('old-id'), 1);
    const live = write('m.jsonl', `${line('new-id')}${'z'.repeat(1000)}\n`);
    const bound = live.size + 10;
    expect(await findRequestInMetrics('new-id', [old, live], bound)).toMatchObject({ found: true });
    expect(await findRequestInMetrics('old-id', [old, live], bound)).toEqual({
      found: false,
      filesSearched: 2,
      bytesSearched: bound,
      bytesSkipped: old.size - 10,
    });
    expect(await findRequestInMetrics('old-id', [old, live], live.size)).toMatchObject({
      found: false,
      filesSearched: 1,
      bytesSkipped: old.size,
    });
  });

  it('skips a file rotated away after it was listed', async () => {
    const gone: MetricsFile = { path: path.join(directory, 'm.jsonl.9'), size: 100, generation: 9 };
    const files = [gone, write('m.jsonl', line('b'))];
    expect(await findRequestInMetrics('b', files)).toMatchObject({ found: true, filesSearched: 1 });
  });
});
