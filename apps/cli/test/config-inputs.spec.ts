import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBiopipe, type CliResult } from './run-biopipe.js';

const localOnly = readFileSync(
  path.resolve(import.meta.dirname, '../../../config/strategies/t4_local_only.yaml'),
  'utf8',
);
let home: string;
let configDir: string;
let strategies: string;
let env: Record<string, string>;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-config-inputs-'));
  configDir = path.join(home, 'lab');
  strategies = path.join(configDir, 'strategies');
  mkdirSync(strategies, { recursive: true });
  env = { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A configuration error as users must see it: exit 2, the path, a hint, never "Unexpected error". */
function expectConfigError(result: CliResult, file: string, reason: RegExp): void {
  // `strategy validate` reports on stdout, every other command on stderr.
  const report = result.stdout + result.stderr;
  expect(result.code).toBe(2);
  expect(report).toContain(file);
  expect(report).toMatch(reason);
  expect(report).toMatch(/hint: /);
  expect(report).not.toMatch(/Unexpected error|report it/);
}

describe('configuration inputs that are odd files', () => {
  it('lists profiles past a FIFO named x.yaml with a warning, and refuses it with exit 2 when named', async () => {
    const fifo = path.join(strategies, 'x.yaml');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(
      path.join(strategies, 'lab.yaml'),
      localOnly.replace('profile_name: t4_local_only', 'profile_name: lab'),
    );
    const listed = await runBiopipe(['--config-dir', configDir, '--json', 'strategy', 'list'], { env });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((profile) => profile.name)).toContain('lab');
    expect(listed.stderr).toBe(
      `warning: skipped ${fifo}: it is a named pipe (FIFO), not a regular file (a strategy profile must be a regular YAML file)\n`,
    );
    for (const args of [
      ['-s', 'x', 'route', '--task', 'code_generation', 'hi'],
      ['strategy', 'show', 'x'],
      ['strategy', 'validate', fifo],
    ])
      expectConfigError(await runBiopipe(['--config-dir', configDir, ...args], { env }), fifo, /named pipe \(FIFO\)/);
  });

  it('refuses a YAML alias bomb named with -s: exit 2 with the file, not an unexpected error', async () => {
    const lines = ['profile_name: bomb', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1)
      lines.push(
        `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    const file = path.join(strategies, 'bomb.yaml');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await runBiopipe(
      ['--config-dir', configDir, '-s', 'bomb', 'route', '--task', 'code_generation', 'hi'],
      {
        env,
      },
    );
    expectConfigError(result, file, /YAML cannot be expanded/);
  });

  it('refuses a profile over 1 MiB with exit 2', async () => {
    const file = path.join(strategies, 'big.yaml');
    writeFileSync(
      file,
      `${localOnly.replace('profile_name: t4_local_only', 'profile_name: big')}# ${'x'.repeat(1024 * 1024)}\n`,
    );
    const result = await runBiopipe(
      ['--config-dir', configDir, '-s', 'big', 'route', '--task', 'code_generation', 'hi'],
      {
        env,
      },
    );
    expectConfigError(result, file, /larger than 1048576 bytes/);
  });

  it('refuses an unreadable profile directory: a file given as --config-dir, or a strategies symlink loop', async () => {
    const file = path.join(home, 'plain');
    writeFileSync(file, 'not a directory');
    expectConfigError(
      await runBiopipe(['--config-dir', file, 'strategy', 'list'], { env }),
      path.join(file, 'strategies'),
      /a part of the path is a file, not a directory/,
    );
    rmSync(strategies, { recursive: true });
    symlinkSync(path.join(configDir, 'loop'), strategies);
    symlinkSync(strategies, path.join(configDir, 'loop'));
    expectConfigError(
      await runBiopipe(['--config-dir', configDir, '-s', 't4_local_only', 'route', 'hi'], { env }),
      strategies,
      /too many levels of symbolic links/,
    );
  });

  it('refuses a settings file that is a FIFO instead of hanging', async () => {
    const settingsDir = path.join(home, '.config', 'biopipe');
    mkdirSync(settingsDir, { recursive: true });
    const settings = path.join(settingsDir, 'settings.json');
    execFileSync('mkfifo', [settings]);
    expectConfigError(
      await runBiopipe(['route', '--task', 'code_generation', 'hi'], { env }),
      settings,
      /named pipe \(FIFO\)/,
    );
  });
});
