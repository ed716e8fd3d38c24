import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEndpointRegistry, readProfileEndpointRegistry } from './endpoint-registry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'biopipe-endpoints-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readEndpointRegistry', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const entry = (role: string, job: string, updatedAt: string): string =>
    JSON.stringify({
      schema_version: 1,
      role,
      url: `http://node-${job}:8001`,
      job_id: job,
      node: `node-${job}`,
      updated_at: updatedAt,
    });

  it('groups fresh entries by role and sets aside stale and unreadable ones', () => {
    writeFileSync(path.join(dir, 'generalist.1.json'), entry('generalist', '1', '2026-01-01T11:59:00Z'));
    writeFileSync(path.join(dir, 'generalist.2.json'), entry('generalist', '2', '2026-01-01T11:58:00Z'));
    writeFileSync(path.join(dir, 'coder.3.json'), entry('coder', '3', '2026-01-01T10:00:00Z'));
    writeFileSync(path.join(dir, 'math.4.json'), '{"role": "math", "url": ');
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    const snapshot = readEndpointRegistry(dir, { maxAgeSeconds: 600, now });
    expect(snapshot.roles.get('generalist')?.map((item) => item.job_id)).toEqual(['1', '2']);
    expect(snapshot.roles.has('coder')).toBe(false);
    expect(snapshot.stale.map((item) => item.job_id)).toEqual(['3']);
    expect(snapshot.invalid).toHaveLength(1);
    expect(snapshot.invalid[0]?.file).toMatch(/math\.4\.json$/);
  });

  it('sets aside a FIFO named like an entry instead of blocking on it', () => {
    execFileSync('mkfifo', [path.join(dir, 'coder.9.json')]);
    writeFileSync(path.join(dir, 'coder.3.json'), entry('coder', '3', '2026-01-01T11:59:00Z'));
    const snapshot = readEndpointRegistry(dir, { maxAgeSeconds: 600, now });
    expect(snapshot.roles.get('coder')?.map((found) => found.job_id)).toEqual(['3']);
    expect(snapshot.invalid).toEqual([
      {
        file: path.join(dir, 'coder.9.json'),
        reason: `Cannot read ${path.join(dir, 'coder.9.json')}: it is a named pipe (FIFO), not a regular file`,
      },
    ]);
  });

  it('treats a missing directory as an empty registry', () => {
    expect(readEndpointRegistry(path.join(dir, 'nope'), { maxAgeSeconds: 600 }).roles.size).toBe(0);
  });
});

describe('readProfileEndpointRegistry', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const write = (directory: string, job: string): void =>
    writeFileSync(
      path.join(directory, `coder.${job}.json`),
      JSON.stringify({
        role: 'coder',
        url: `http://node-${job}:8001`,
        job_id: job,
        updated_at: '2026-01-01T11:59:00Z',
      }),
    );

  it('reads nothing for a profile that does not enable the registry, even when entries exist', () => {
    write(dir, '1');
    expect(readProfileEndpointRegistry({ enabled: false, path: dir, max_age_s: 600 }, { env: {}, now })).toBe(
      undefined,
    );
  });

  it("reads the state directory's endpoints when the profile names no path, with its freshness limit", () => {
    mkdirSync(path.join(dir, 'endpoints'));
    write(path.join(dir, 'endpoints'), '2');
    const env = { BIOPIPELINES_STATE_DIR: dir };
    const fresh = readProfileEndpointRegistry({ enabled: true, max_age_s: 600 }, { env, now });
    expect(fresh?.roles.get('coder')?.map((entry) => entry.job_id)).toEqual(['2']);
    const strict = readProfileEndpointRegistry({ enabled: true, max_age_s: 30 }, { env, now });
    expect(strict?.stale.map((entry) => entry.job_id)).toEqual(['2']);
  });
});
