import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBiopipe } from './run-biopipe.js';

// BIOPIPELINES_FLEET_FILE names the manifest the servers were started from (the specialists overlay
// is how biomed's model becomes known); a file the user names must load, never be ignored quietly.
let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-fleet-file-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const route = (fleetFile: string) =>
  runBiopipe(['-s', 'development', 'route', '--task', 'biomedical', 'hello'], {
    env: { HOME: home, BIOPIPELINES_FLEET_FILE: fleetFile },
  });

describe('BIOPIPELINES_FLEET_FILE', () => {
  it('refuses a manifest with a mistake, with its file and line (exit 2)', async () => {
    const file = path.join(home, 'fleet.yaml');
    writeFileSync(file, 'roles:\n  generalist:\n    modle: x\n');
    const result = await route(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3`);
    expect(result.stdout).toBe('');
  });

  it('refuses a manifest that is not there, naming it (exit 2)', async () => {
    const file = path.join(home, 'missing.yaml');
    const result = await route(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot read ${file}`);
  });
});
