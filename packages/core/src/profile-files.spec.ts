import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigFileUnreadableError, ConfigValidationError } from './config-errors.js';
import { scanProfileFiles } from './profile-files.js';
import { ProfileRegistry } from './profile-registry.js';

let home: string;
let configDir: string;
let strategies: string;
const env = (): Record<string, string> => ({ HOME: home });

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-profile-files-'));
  configDir = path.join(home, 'lab');
  strategies = path.join(configDir, 'strategies');
  mkdirSync(strategies, { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('profile files that are not regular files', () => {
  it('skips a FIFO named x.yaml in listings, saying why, and refuses it when named', () => {
    execFileSync('mkfifo', [path.join(strategies, 'x.yaml')]);
    const scanned = scanProfileFiles({ configDirs: [configDir], env: env() });
    expect(scanned.entries.has('x')).toBe(false);
    expect(scanned.skipped).toEqual([
      { name: 'x', file: path.join(strategies, 'x.yaml'), reason: 'it is a named pipe (FIFO), not a regular file' },
    ]);
    const registry = new ProfileRegistry({ configDirs: [configDir], env: env() });
    expect(registry.list().map((profile) => profile.name)).not.toContain('x');
    expect(() => registry.load('x')).toThrow(ConfigFileUnreadableError);
    expect(() => registry.load('x')).toThrow(`Cannot read ${path.join(strategies, 'x.yaml')}: it is a named pipe`);
  });

  it('skips a directory and a broken symlink named like profiles', () => {
    mkdirSync(path.join(strategies, 'd.yaml'));
    symlinkSync(path.join(home, 'nowhere.yaml'), path.join(strategies, 'gone.yaml'));
    expect(scanProfileFiles({ configDirs: [configDir], env: env() }).skipped.map((entry) => entry.reason)).toEqual([
      'it is a directory, not a regular file',
      'a broken symbolic link: no such file',
    ]);
  });

  it('refuses an unreadable profile directory: a file in its place, or a symlink loop', () => {
    const file = path.join(home, 'plain');
    writeFileSync(file, 'not a directory');
    expect(() => scanProfileFiles({ configDirs: [file], env: env() })).toThrow(
      `Cannot read ${path.join(file, 'strategies')}: a part of the path is a file, not a directory`,
    );
    rmSync(strategies, { recursive: true });
    symlinkSync(path.join(configDir, 'loop'), strategies);
    symlinkSync(strategies, path.join(configDir, 'loop'));
    expect(() => new ProfileRegistry({ configDirs: [configDir], env: env() })).toThrow(
      /too many levels of symbolic links/,
    );
  });

  it('refuses a profile over 1 MiB, and a YAML alias bomb, as configuration errors', () => {
    writeFileSync(path.join(strategies, 'big.yaml'), `profile_name: big\n# ${'x'.repeat(1024 * 1024)}\n`);
    const aliases = ['profile_name: bomb', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1)
      aliases.push(
        `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(path.join(strategies, 'bomb.yaml'), `${aliases.join('\n')}\n`);
    const registry = new ProfileRegistry({ configDirs: [configDir], env: env() });
    expect(() => registry.load('big')).toThrow(/it is larger than 1048576 bytes/);
    expect(() => registry.load('bomb')).toThrow(ConfigValidationError);
    expect(() => registry.load('bomb')).toThrow(/bomb\.yaml: YAML cannot be expanded/);
  });
});
