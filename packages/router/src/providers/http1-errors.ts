import type { CancelSignal } from '../resilience/cancellation.js';

/** The error a request fails with when `signal` aborts: its reason when that is an Error, else `Error('aborted')`. */
export function describeAbort(signal: CancelSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

/** An Error carrying a node-style `code` (e.g. `ETIMEDOUT`, `ECONNRESET`, `HPE_INVALID`), as node's own socket and parser errors do. */
export function createCodedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
