import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIOPIPE_MAIN, runBiopipe } from './run-biopipe.js';
import { TmuxSession } from './tmux-session.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-completion-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

/** Runs the generated bash completion for the words typed so far and returns its candidates. */
function complete(script: string, words: string[], env: Record<string, string>): string[] {
  const program = `
    biopipe() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIOPIPE_MAIN)} "$@"; }
    ${script}
    COMP_WORDS=(${words.map((word) => JSON.stringify(word)).join(' ')})
    COMP_CWORD=${words.length - 1}
    _biopipe
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  return result.stdout.split('\n').filter((line) => line !== '');
}

describe('biopipe completion', () => {
  it('prints a bash script that passes shellcheck and completes commands, tasks and strategies from the registry', async () => {
    const result = await runBiopipe(['completion', 'bash'], { env: { HOME: home } });
    expect(result.code).toBe(0);
    const check = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: result.stdout, encoding: 'utf8' });
    if (check.error !== undefined) throw new Error('shellcheck is required: install it (tools/scripts/setup.sh all)');
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);

    // A user profile appears as soon as it exists: names come from the registry, not a fixed list.
    mkdirSync(path.join(home, '.config', 'biopipe', 'strategies'), { recursive: true });
    writeFileSync(path.join(home, '.config', 'biopipe', 'strategies', 't4_lab.yaml'), 'profile_name: t4_lab\n');
    const env = { HOME: home };
    expect(complete(result.stdout, ['biopipe', '-s', 't4'], env)).toEqual(['t4_hybrid', 't4_lab', 't4_local_only']);
    expect(complete(result.stdout, ['biopipe', 'strategy', 'use', 'cl'], env)).toEqual(['cloud_only']);
    expect(complete(result.stdout, ['biopipe', 'strategy', ''], env)).toEqual(
      expect.arrayContaining(['list', 'show', 'validate', 'use']),
    );
    expect(complete(result.stdout, ['biopipe', 'route', '--task', 'code_'], env)).toEqual([
      'code_generation',
      'code_validation',
    ]);
    expect(complete(result.stdout, ['biopipe', 'str'], env)).toEqual(['strategy']);
  });

  it('prints a zsh script and refuses other shells with exit 2', async () => {
    const zsh = await runBiopipe(['completion', 'zsh'], { env: { HOME: home } });
    expect(zsh.stdout).toMatch(/^#compdef biopipe/);
    const fish = await runBiopipe(['completion', 'fish'], { env: { HOME: home } });
    expect(fish.code).toBe(2);
    expect(fish.stderr).toMatch(/No completion for shell "fish"/);
  });
});

describe('biopipe strategy use (picker)', () => {
  it('opens a picker on a terminal, lists profiles with whether they allow the cloud, and saves the choice', async () => {
    const session = TmuxSession.start(
      `env HOME=${home} ${process.execPath} ${BIOPIPE_MAIN} strategy use; echo EXIT=$?`,
    );
    try {
      const screen = await session.waitFor(/t4_local_only\s+PHI-safe, no cloud/);
      expect(screen).toMatch(/cloud_only\s+cloud allowed/);
      session.sendKeys('Down', 'Down', 'Down', 'Enter');
      await session.waitFor(/EXIT=0/);
      expect(JSON.parse(readFileSync(path.join(home, '.config', 'biopipe', 'settings.json'), 'utf8'))).toEqual({
        default_strategy: 't4_local_only',
      });
    } finally {
      session.kill();
    }
  });

  it('asks for a name when not on a terminal (exit 2)', async () => {
    const result = await runBiopipe(['strategy', 'use'], { env: { HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Name the strategy to use/);
  });
});
