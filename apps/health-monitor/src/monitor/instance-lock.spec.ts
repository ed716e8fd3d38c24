import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireInstanceLock, MonitorAlreadyRunningError } from './instance-lock.js';

let directory: string;
let file: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'monitor-lock-'));
  file = path.join(directory, 'sub', 'health-monitor.lock');
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('acquireInstanceLock', () => {
  it('creates the lock file with the pid and removes it on release', () => {
    const lock = acquireInstanceLock({ file, pid: 1234, hostname: 'login1' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: 1234, hostname: 'login1' });
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses while the holder is alive, naming its pid', () => {
    acquireInstanceLock({ file, pid: 1234, hostname: 'login1' });
    const attempt = (): unknown => acquireInstanceLock({ file, pid: 5678, hostname: 'login1', isAlive: () => true });
    expect(attempt).toThrow(MonitorAlreadyRunningError);
    expect(attempt).toThrow(/Another health monitor is running \(pid 1234/);
  });

  it('takes over a stale lock left by a dead process of this host', () => {
    acquireInstanceLock({ file, pid: 1234, hostname: 'login1' });
    acquireInstanceLock({ file, pid: 5678, hostname: 'login1', isAlive: (pid) => pid !== 1234 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: 5678 });
  });

  it('takes over a lock file that is not JSON, e.g. cut short by a crash', () => {
    acquireInstanceLock({ file, pid: 1, hostname: 'h' }).release();
    writeFileSync(file, '{"pi');
    acquireInstanceLock({ file, pid: 5678, hostname: 'login1' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: 5678 });
  });

  it('respects a lock from another host, which it cannot check, and says how to clear it', () => {
    acquireInstanceLock({ file, pid: 1234, hostname: 'login2' });
    expect(() => acquireInstanceLock({ file, pid: 5678, hostname: 'login1', isAlive: () => false })).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/If no monitor runs on login2 any more, delete/) }),
    );
  });

  it('a release does not remove a lock that another monitor has taken since', () => {
    const first = acquireInstanceLock({ file, pid: 1234, hostname: 'login1' });
    rmSync(file);
    acquireInstanceLock({ file, pid: 5678, hostname: 'login1' });
    first.release();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: 5678 });
  });
});
