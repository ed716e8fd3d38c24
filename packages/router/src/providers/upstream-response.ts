import type { ClientRequest, IncomingMessage } from 'node:http';
import type { HeaderLookup } from '../resilience/retry.js';

/** Receives a response body: chunks as they arrive (transfer framing removed), then `end` exactly once. */
export interface BodyConsumer {
  data(chunk: Buffer): void;
  /** `error` is set when the body did not arrive whole (connection cut, cancelled, malformed framing). */
  end(error: Error | undefined): void;
}

/**
 * An upstream answer whose headers are in, whatever client fetched it: the lean HTTP/1.1 client for
 * `http:` (the local fleet, the hot path) or node's https for the cloud.
 */
export interface UpstreamResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: HeaderLookup;
  /** Starts delivering the body to `consumer` (chunks that arrived earlier first). Call at most once. */
  read(consumer: BodyConsumer): void;
  /** Stops reading from the connection (a slow consumer): the server's sends then wait in TCP buffers. */
  pause(): void;
  resume(): void;
  /**
   * Stops the call. The connection is closed unless the whole body had already arrived (then it is
   * back in the pool). An unfinished `read` ends with `error` (or a generic one). Safe to call twice.
   */
  destroy(error?: Error): void;
}

/**
 * node's IncomingMessage behind the UpstreamResponse interface (node's https for the cloud; the
 * gateway benchmark's node:http baseline uses it too). Imports nothing at run time, so a transport
 * swapped in for the lean client can load it without a cycle.
 */
export function wrapIncomingMessage(request: ClientRequest, response: IncomingMessage): UpstreamResponse {
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    read(consumer: BodyConsumer): void {
      let ended = false;
      const end = (error: Error | undefined): void => {
        if (ended) return;
        ended = true;
        consumer.end(error);
      };
      response.on('data', (chunk: Buffer) => consumer.data(chunk));
      response.once('end', () => end(undefined));
      response.once('error', (error) => end(error));
      response.once('close', () =>
        end(response.complete ? undefined : new Error('the connection closed before the body was complete')),
      );
    },
    pause: () => response.pause(),
    resume: () => response.resume(),
    destroy(error?: Error): void {
      if (!response.complete) request.destroy(error);
    },
  };
}
