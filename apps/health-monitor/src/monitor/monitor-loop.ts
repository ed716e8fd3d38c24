import type { Logger } from '@biopipe/core';
import type { RoundResult } from './run-round.js';

export interface MonitorLoopOptions {
  round: () => Promise<RoundResult>;
  intervalMs: number;
  logger: Logger;
  /** Aborted by SIGTERM: the current round finishes, then the loop ends. */
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs rounds every `intervalMs` until the signal aborts; a round in progress is always finished. */
export async function runMonitorLoop(options: MonitorLoopOptions): Promise<void> {
  const sleep = options.sleep ?? sleepUnlessAborted;
  while (!options.signal.aborted) {
    const started = Date.now();
    try {
      const result = await options.round();
      options.logger.info('round done', {
        healthy: result.healthy,
        roles: Object.fromEntries(Object.entries(result.roles).map(([role, state]) => [role, state.status])),
        took_ms: Date.now() - started,
      });
    } catch (error) {
      options.logger.error('round failed', { reason: (error as Error).message });
    }
    await sleep(Math.max(0, options.intervalMs - (Date.now() - started)), options.signal);
  }
  options.logger.info('stopping: the last round is done');
}
