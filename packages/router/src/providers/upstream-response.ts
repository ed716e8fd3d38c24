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
