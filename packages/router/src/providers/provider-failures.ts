import { BiopipeError, ProviderCallError, type ProviderKind } from '@biopipe/core';
import { abortReason, type CancelSignal } from '../resilience/cancellation.js';
import { cleanServerMessage } from './clean-server-message.js';

/** Which server failed: the provider kind and its endpoint (without credentials). */
export interface FailureSource {
  provider: ProviderKind;
  endpoint: string;
}

/** Where a stream failure happened, for its error. */
export interface StreamContext extends FailureSource {
  signal: CancelSignal;
}

/** A server's answer that broke the protocol: retryable, since another replica or target may answer well. */
function protocolFailure(
  source: FailureSource,
  failure: { errorClass: string; message: string; cause?: unknown },
): ProviderCallError {
  return new ProviderCallError({ provider: source.provider, url: source.endpoint, isRetryable: true, ...failure });
}

/** A whole answer that is not JSON, or lacks the fields the protocol promises. */
export function malformedResponse(source: FailureSource, message: string, cause?: unknown): ProviderCallError {
  return protocolFailure(source, { errorClass: 'malformed-response', message, cause });
}

/** A chunk that is not the JSON it should be: the stream cannot be trusted past it. */
export function malformedChunk(context: StreamContext, cause: unknown): ProviderCallError {
  return protocolFailure(context, {
    errorClass: 'malformed-chunk',
    message: `${context.endpoint} sent a stream chunk that is not valid JSON.`,
    cause,
  });
}

/** The server closed the stream before its end marker (`[DONE]`, `message_stop`). */
export function streamCut(context: StreamContext, cause?: unknown): ProviderCallError {
  return protocolFailure(context, {
    errorClass: 'stream-cut',
    message: `${context.endpoint} closed the stream before it was complete.`,
    cause,
  });
}

/** An error event inside a 200 stream (vLLM `data: {"error":…}`, Anthropic `event: error`). */
export function inBandError(
  context: StreamContext,
  message: string | undefined,
  type: string | undefined,
): ProviderCallError {
  return protocolFailure(context, {
    errorClass: 'stream-error',
    message: `${context.endpoint} reported an error mid-stream: ${type ?? 'error'}: ${cleanServerMessage(message) ?? 'no message'}`,
  });
}

/** Whatever broke a stream read, as a typed error: the abort reason (deadline or cancel), or a cut. */
export function describeStreamFailure(context: StreamContext, error: unknown): BiopipeError {
  if (context.signal.aborted) return abortReason(context.signal);
  if (BiopipeError.isInstance(error)) return error;
  return streamCut(context, error);
}

/** Parses one SSE data payload as a JSON object, or throws a malformed-chunk error. */
export function parseChunk(context: StreamContext, data: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw malformedChunk(context, error);
  }
  if (typeof value !== 'object' || value === null) throw malformedChunk(context, undefined);
  return value as Record<string, unknown>;
}
