import { BiopipeError, StreamInterruptedError, normalizeError, type StreamPart, type TokenUsage } from '@biopipe/core';
import type { ProviderStreamEvent } from '../providers/provider.js';
import type { RoutedStream, RouteReport } from './request-types.js';
import type { CascadeSuccess } from './run-cascade.js';
import { errorClassOf, verdictFor } from './failover.js';

/** A provider stream that has produced its first token (or ended without one). */
export interface OpenedStream {
  iterator: AsyncIterator<ProviderStreamEvent>;
  /** Events read while waiting for the first token. */
  buffered: ProviderStreamEvent[];
}

/**
 * Reads a provider stream up to its first token. Everything up to here may fail over to another
 * candidate; a stall counts against the first-token deadline inside the provider.
 */
export async function openUntilFirstToken(events: AsyncIterable<ProviderStreamEvent>): Promise<OpenedStream> {
  const iterator = events[Symbol.asyncIterator]();
  const buffered: ProviderStreamEvent[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return { iterator, buffered };
    buffered.push(next.value);
    if (next.value.type === 'text-delta' || next.value.type === 'stream-end') return { iterator, buffered };
  }
}

/** How the committed part of a stream ended. */
export interface StreamEnding {
  usage: TokenUsage | undefined;
  error: BiopipeError | undefined;
  /** Characters relayed, for a cost estimate when the provider sent no usage. */
  outputChars: number;
}

/**
 * Passes a committed stream through as parts. After the first token there is no failover: a cut,
 * stall or malformed chunk ends the stream with an `error` part carrying StreamInterruptedError, never
 * a silent end. A consumer that stops reading lands in `finally`, which closes the upstream request.
 */
export async function* relayCommittedStream(
  success: CascadeSuccess<OpenedStream>,
  route: { target: string },
  onEnd: (ending: StreamEnding) => void,
): AsyncGenerator<StreamPart> {
  const { candidate } = success;
  const { iterator, buffered } = success.value;
  let ending: Omit<StreamEnding, 'outputChars'> = { usage: undefined, error: undefined };
  let outputChars = 0;
  let finished = false;
  let settled = false;
  const started = performance.now() - success.record.duration_ms;
  try {
    yield {
      type: 'stream-start',
      model: candidate.model ?? '',
      provider: candidate.provider.kind,
      endpoint: candidate.endpoint,
      target: route.target,
      fallbackDepth: success.depth,
    };
    let pending = buffered;
    for (;;) {
      for (const event of pending) {
        if (event.type === 'text-delta') {
          outputChars += event.text.length;
          yield event;
          continue;
        }
        finished = true;
        ending = { usage: event.usage, error: undefined };
        yield { type: 'stream-end', finishReason: event.finishReason, usage: event.usage };
        return;
      }
      const next = await iterator.next();
      if (next.done === true) break;
      pending = [next.value];
    }
    throw new StreamInterruptedError('stream-cut', `${candidate.endpoint} ended the stream without a finish.`);
  } catch (thrown) {
    const error = normalizeError(thrown);
    const interrupted =
      error instanceof StreamInterruptedError
        ? error
        : new StreamInterruptedError(errorClassOf(error), error.message, error);
    finished = true;
    ending = { usage: undefined, error: interrupted };
    // The attempt failed after all: its record and the replica's circuit say so. A cut or stall is
    // breakage even when the cut surfaced as the iterator's end rather than a provider error; only a
    // cancel or the request's own deadline says nothing about the replica.
    success.record.outcome = 'error';
    success.record.error_class = interrupted.errorClass;
    candidate.settle(error instanceof StreamInterruptedError ? 'failure' : verdictFor(error));
    settled = true;
    yield { type: 'error', error: interrupted };
  } finally {
    if (!finished) {
      ending = { usage: undefined, error: new BiopipeError('aborted', 'The consumer stopped reading the stream.') };
      await iterator.return?.();
    }
    if (!settled) candidate.settle(finished && ending.error === undefined ? 'success' : 'neutral');
    success.record.duration_ms = performance.now() - started;
    onEnd({ ...ending, outputChars });
  }
}

/** Settles a routed stream's `route`: called once, when its parts end. */
export type SettleRoute = (route: RouteReport) => void;

/**
 * A stream whose `route` settles when its parts end, however they end: `parts` is handed the
 * settle function and starts on the consumer's first read.
 */
export function createRoutedStream(parts: (settle: SettleRoute) => AsyncGenerator<StreamPart>): RoutedStream {
  let settle: SettleRoute = () => undefined;
  const route = new Promise<RouteReport>((resolve) => (settle = resolve));
  const iterator = parts(settle);
  return { route, [Symbol.asyncIterator]: () => iterator };
}
