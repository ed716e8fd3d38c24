import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './write-file-atomic.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'write-file-atomic-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates missing directories, replaces the old content and leaves no temporary file', () => {
    const file = path.join(directory, 'a', 'b', 'settings.json');
    writeFileAtomic(file, 'first');
    writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['settings.json']);
  });

  it('keeps the old file and removes the temporary one when the rename fails', () => {
    // A directory where the file should be: the write to the temporary file succeeds, the rename cannot.
    const file = path.join(directory, 'taken');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'old');
    expect(() => writeFileAtomic(file, 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(directory)).toEqual(['taken']);
    expect(readFileSync(path.join(file, 'inside'), 'utf8')).toBe('old');
  });
});
