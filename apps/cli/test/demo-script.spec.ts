import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '@biopipe/core/testing';

// `npm run demo`'s script says what it is doing at each step. `npx` is replaced by a script that
// prints what `nx run cli:build` prints and then fails, so the build step is seen without a rebuild.
const DEMO_SCRIPT = path.resolve(import.meta.dirname, '../../../tools/scripts/demo.sh');
let bin: string;
beforeEach(() => {
  bin = mkdtempSync(path.join(tmpdir(), 'biopipe-demo-script-'));
  const npx = path.join(bin, 'npx');
  writeFileSync(
    npx,
    '#!/bin/sh\necho "> nx run core:build  [local cache]"\necho "> nx run router:build"\necho "router/src/x.ts(1,1): error TS2304"\nexit 1\n',
  );
  chmodSync(npx, 0o755);
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('prints a line per step and per package it builds, and the build log when the build fails', async () => {
    const result = await runProcess('bash', [DEMO_SCRIPT], {
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: bin },
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines.filter((line) => line.startsWith('demo:'))).toEqual([
      'demo: 1/3 checking the Node packages (a first run installs them, about a minute)',
      'demo: 2/3 building the CLI and its bundle (a first run compiles each package, about a minute; later runs reuse the cache)',
      'demo:     core',
      'demo:     router',
    ]);
    expect(result.stderr).toContain('router/src/x.ts(1,1): error TS2304');
    expect(result.stdout).toBe('');
  });
});
