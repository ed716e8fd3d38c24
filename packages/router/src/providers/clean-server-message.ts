/**
 * vLLM's engine-death message ends "See stack trace (above) for the root cause." (PROTOCOLS.md: the
 * `EngineDeadError` text). The stack trace is in the server's own log, never in what we relay, so a
 * user reading our error would look "above" for nothing: the phrase is dropped, the rest kept.
 */
const STACK_TRACE_POINTER = /\s*See (?:the )?stack trace \(above\)(?: for the root cause)?\.?/gi;

/** A server's error message as we relay it: without pointers to output the reader cannot see. */
export function cleanServerMessage(message: string): string;
export function cleanServerMessage(message: string | undefined): string | undefined;
export function cleanServerMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const cleaned = message.replace(STACK_TRACE_POINTER, '').trim();
  return cleaned === '' ? message : cleaned;
}
