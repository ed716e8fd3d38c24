import type { Clock } from '../time/clock.js';

/** A clock whose time moves only when told, recording every sleep (sleeps resolve at once and advance time). */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  readonly sleeps: number[];
}

export function createFakeClock(start = 1_700_000_000_000, random = (): number => 0.5): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    random,
    sleeps,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
      now += ms;
      return Promise.resolve();
    },
  };
}
