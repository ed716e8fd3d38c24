import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigFileUnreadableError } from './config-errors.js';
import { readConfigFile } from './read-config-file.js';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'read-config-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const failure = (file: string, maxBytes?: number, kind = 'strategy profile'): ConfigFileUnreadableError => {
  try {
    readConfigFile(file, kind, maxBytes);
  } catch (error) {
    if (error instanceof ConfigFileUnreadableError) return error;
    throw error;
  }
  throw new Error(`${file} was read`);
};

describe('readConfigFile', () => {
  it('refuses a named pipe at once instead of waiting for a writer', () => {
    const fifo = path.join(directory, 'x.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(failure(fifo).message).toBe(`Cannot read ${fifo}: it is a named pipe (FIFO), not a regular file`);
  });

  it('names the kind of file its caller reads in the hint, not "configuration file" for all', () => {
    const fifo = path.join(directory, 'x.yaml');
    expect(failure(fifo, undefined, 'eval suite').hint).toBe(
      'The eval suite must be a regular file; give the path of one, or remove or rename this entry.',
    );
    expect(failure(directory, undefined, 'answer key').hint).toMatch(/^The answer key must be a regular file;/);
    const big = path.join(directory, 'big-suite.jsonl');
    writeFileSync(big, 'a'.repeat(2049));
    expect(failure(big, 2048, 'eval suite').hint).toBe(
      'At most 2 KiB of the eval suite is read; check that this is the right file.',
    );
    expect(failure(big, 1, 'fleet manifest').hint).not.toMatch(/configuration file/i);
  });

  it('refuses a symlink to a FIFO, a device and a directory', () => {
    const link = path.join(directory, 'link.yaml');
    symlinkSync(path.join(directory, 'x.yaml'), link);
    expect(failure(link).message).toMatch(/named pipe \(FIFO\), not a regular file$/);
    expect(failure('/dev/zero').message).toBe('Cannot read /dev/zero: it is a device, not a regular file');
    mkdirSync(path.join(directory, 'dir.yaml'));
    expect(failure(path.join(directory, 'dir.yaml')).message).toMatch(/it is a directory, not a regular file$/);
  });

  it('refuses a file over the limit, and reads one at the limit', () => {
    const file = path.join(directory, 'big.yaml');
    writeFileSync(file, 'a'.repeat(1025));
    expect(failure(file, 1024).message).toBe(`Cannot read ${file}: it is larger than 1024 bytes`);
    writeFileSync(file, 'a'.repeat(1024));
    expect(readConfigFile(file, 'strategy profile', 1024)).toHaveLength(1024);
    writeFileSync(file, 'b'.repeat(1024 * 1024 + 1));
    expect(failure(file).code).toBe('config_file_unreadable');
  });

  it('says what is wrong with the path: missing, a file as a directory, a symlink loop', () => {
    expect(failure(path.join(directory, 'none.yaml')).message).toMatch(/no such file$/);
    writeFileSync(path.join(directory, 'plain'), '');
    expect(failure(path.join(directory, 'plain', 'x.yaml')).message).toMatch(/a part of the path is a file/);
    symlinkSync(path.join(directory, 'loop-b'), path.join(directory, 'loop-a'));
    symlinkSync(path.join(directory, 'loop-a'), path.join(directory, 'loop-b'));
    expect(failure(path.join(directory, 'loop-a')).message).toMatch(/too many levels of symbolic links/);
  });
});
