import { SleepAbortedError } from '../shared/sleep.js';

/** Raised by `admit` when the waiting queue is at its limit (vLLM's `--max-num-queued-reqs`). */
export class QueueFullError extends Error {
  constructor() {
    super('waiting queue is full');
    this.name = 'QueueFullError';
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * vLLM's scheduler as far as clients can see it: up to `maxNumSeqs` requests run at once; the rest
 * wait in first-come order in a queue that is unbounded by default, so load makes requests slower,
 * never rejected. With a queue limit, arrivals beyond it are turned away (503 in recent vLLM).
 */
export class EngineScheduler {
  private runningCount = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly maxNumSeqs: number,
    private readonly maxQueued: number,
  ) {}

  get running(): number {
    return this.runningCount;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** True when a new arrival would be turned away (all slots busy and the queue at its limit). */
  get isFull(): boolean {
    return this.runningCount >= this.maxNumSeqs && this.queue.length >= this.maxQueued;
  }

  /**
   * Resolves when the request may run. Call `release()` exactly once afterwards.
   * @throws QueueFullError at once when the queue is full; SleepAbortedError if `signal` aborts while waiting
   */
  admit(signal: AbortSignal): Promise<void> {
    if (this.runningCount < this.maxNumSeqs && this.queue.length === 0) {
      this.runningCount += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxQueued) return Promise.reject(new QueueFullError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(new SleepAbortedError(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Frees a running slot and starts the next waiting request. */
  release(): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.runningCount = Math.max(0, this.runningCount - 1);
      return;
    }
    next.resolve();
  }

  /** Fails every waiting request (engine death). */
  rejectAll(error: unknown): void {
    for (const waiter of this.queue.splice(0)) waiter.reject(error);
  }
}
