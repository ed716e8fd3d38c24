import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findNamedStrategy, userSettingsPath } from './default-strategy-name.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'named-strategy-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('findNamedStrategy', () => {
  it("reads the user's default from the settings file", () => {
    const env = { HOME: home };
    mkdirSync(path.dirname(userSettingsPath(env)), { recursive: true });
    writeFileSync(userSettingsPath(env), JSON.stringify({ default_strategy: 't4_local_only' }));
    expect(findNamedStrategy({ env })).toBe('t4_local_only');
  });

  it('names none, without waiting for a writer, when the settings file is a FIFO', () => {
    const env = { HOME: home };
    mkdirSync(path.dirname(userSettingsPath(env)), { recursive: true });
    execFileSync('mkfifo', [userSettingsPath(env)]);
    // A plain read would block here until something wrote to the pipe: the test would never end.
    expect(findNamedStrategy({ env })).toBeUndefined();
  });
});
