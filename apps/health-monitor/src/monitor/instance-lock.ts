import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import path from 'node:path';
import { BiopipeError } from '@biopipe/core';

/** Another health monitor holds the lock. */
export class MonitorAlreadyRunningError extends BiopipeError {
  readonly holder: string;
  constructor(file: string, holder: string, hint: string) {
    super('usage', `Another health monitor is running (${holder}; lock file ${file}).`, { hint });
    this.holder = holder;
  }
}

export interface InstanceLockOptions {
  file: string;
  pid?: number;
  hostname?: string;
  /** Whether a process of this host is alive. @default signal 0 */
  isAlive?: (pid: number) => boolean;
}

export interface InstanceLock {
  release(): void;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { text: string; pid?: number; hostname?: string } | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    try {
      const parsed = JSON.parse(text) as { pid?: unknown; hostname?: unknown };
      return {
        text,
        ...(typeof parsed.pid === 'number' ? { pid: parsed.pid } : {}),
        ...(typeof parsed.hostname === 'string' ? { hostname: parsed.hostname } : {}),
      };
    } catch {
      return { text };
    }
  } catch {
    return undefined;
  }
}

/**
 * Makes this process the only health monitor for a state directory: creates the lock file
 * exclusively. A lock left by a dead process of this host is stale and taken over; a lock from
 * another host (a state directory on a shared filesystem) cannot be checked, so it is respected.
 * @throws MonitorAlreadyRunningError
 */
export function acquireInstanceLock(options: InstanceLockOptions): InstanceLock {
  const pid = options.pid ?? process.pid;
  const hostname = options.hostname ?? osHostname();
  const isAlive = options.isAlive ?? isProcessAlive;
  const content = `${JSON.stringify({ pid, hostname, started_at: new Date().toISOString() })}\n`;
  mkdirSync(path.dirname(options.file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(options.file, content, { flag: 'wx' });
      return {
        release: () => {
          if (readHolder(options.file)?.text === content) unlinkSync(options.file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(options.file);
    if (holder === undefined) continue;
    if (holder.hostname !== undefined && holder.hostname !== hostname) {
      throw new MonitorAlreadyRunningError(
        options.file,
        `pid ${holder.pid ?? '?'} on ${holder.hostname}`,
        `If no monitor runs on ${holder.hostname} any more, delete ${options.file}.`,
      );
    }
    if (holder.pid !== undefined && isAlive(holder.pid)) {
      throw new MonitorAlreadyRunningError(
        options.file,
        `pid ${holder.pid}`,
        `Stop it first (kill ${holder.pid}), or use --dry-run, which takes no lock.`,
      );
    }
    // Stale: its process is gone. Remove it only if nobody replaced it meanwhile.
    if (readHolder(options.file)?.text === holder.text) unlinkSync(options.file);
  }
  throw new MonitorAlreadyRunningError(
    options.file,
    'unknown',
    `Delete ${options.file} if no health monitor is running.`,
  );
}
