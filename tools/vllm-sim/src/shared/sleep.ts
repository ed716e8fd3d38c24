/** Raised by `sleep` when its signal aborts. */
export class SleepAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super('sleep aborted');
    this.name = 'SleepAbortedError';
  }
}

/**
 * Waits `milliseconds`, or rejects with SleepAbortedError when `signal` aborts. A zero or negative
 * wait resolves without a timer, so a zero-latency simulator does no timer work at all.
 */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(new SleepAbortedError(signal.reason));
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SleepAbortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits until the signal aborts (a stalled stream, a hung request). Never resolves otherwise. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
