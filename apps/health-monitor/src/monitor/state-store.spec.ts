import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger, type Logger } from '@biopipe/core';
import { ResetRequests } from './reset-requests.js';
import { initialRoleState } from './role-state.js';
import { StateStore } from './state-store.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'monitor-state-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('StateStore', () => {
  it('starts empty and round-trips what it saved, leaving no temporary file', () => {
    const store = new StateStore(path.join(directory, 'monitor', 'state.json'), silentLogger);
    expect(store.load()).toEqual({ schema_version: 1, roles: {} });
    store.save(
      {
        schema_version: 1,
        roles: { coder: { ...initialRoleState(), restarts: ['2026-01-01T00:00:00.000Z'], incident: 'gave_up' } },
      },
      new Date('2026-01-01T00:00:01Z'),
    );
    expect(store.load().roles['coder']).toMatchObject({ incident: 'gave_up', restarts: ['2026-01-01T00:00:00.000Z'] });
    expect(readdirSync(path.join(directory, 'monitor'))).toEqual(['state.json']);
  });

  it('moves a corrupt state file aside and says so', () => {
    const file = path.join(directory, 'state.json');
    writeFileSync(file, '{"schema_version": 7}');
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message) => errors.push(message) };
    expect(new StateStore(file, logger).load()).toEqual({ schema_version: 1, roles: {} });
    expect(errors).toEqual(['the state file is corrupt; moved it aside and starting afresh']);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(directory)[0]).toMatch(/^state\.json\.corrupt-/);
  });
});

describe('ResetRequests', () => {
  it('keeps requests until consumed', () => {
    const requests = new ResetRequests(path.join(directory, 'reset-requests'));
    expect(requests.pending()).toEqual([]);
    requests.request('math');
    requests.request('coder');
    expect(requests.pending()).toEqual(['coder', 'math']);
    expect(requests.consume()).toEqual(['coder', 'math']);
    expect(requests.pending()).toEqual([]);
  });
});
