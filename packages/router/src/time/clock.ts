import { abortReason, type CancelSignal } from '../resilience/cancellation.js';

/** Time and randomness, injected so tests run on fake time. */
export interface Clock {
  /** Milliseconds since the epoch. @default Date.now */
  now(): number;
  /** Waits `ms`, or rejects with the signal's reason when it aborts first. @default a setTimeout-based sleep */
  sleep(ms: number, signal?: CancelSignal): Promise<void>;
  /** A number in [0, 1). @default Math.random */
  random(): number;
}

/** Sleeps `ms`, rejecting at once with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as CancelSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = { now: Date.now, sleep, random: Math.random };
