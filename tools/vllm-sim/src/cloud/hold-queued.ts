import { sleep } from '../shared/sleep.js';

/**
 * Holds a request "queued" for `ms`, calling `keepAlive` every `intervalMs` — how DeepSeek keeps a
 * connection open under load (blank lines, or `: keep-alive` comments on streams; PROTOCOLS.md §4)
 * and how Anthropic sends `ping` events.
 */
export async function holdQueued(options: {
  ms: number;
  intervalMs: number;
  signal: AbortSignal;
  keepAlive: () => void;
}): Promise<void> {
  let left = options.ms;
  while (left > 0) {
    const wait = Math.min(options.intervalMs, left);
    await sleep(wait, options.signal);
    left -= wait;
    options.keepAlive();
  }
}

/** Default gap between keep-alives while queued. */
export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 500;
