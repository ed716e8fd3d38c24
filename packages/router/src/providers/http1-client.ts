import net, { type NetConnectOpts, type Socket } from 'node:net';
import type { CancelSignal } from '../resilience/cancellation.js';
import { ConnectionPool } from './http1-connection-pool.js';
import type { UpstreamResponse } from './upstream-response.js';

/**
 * A lean HTTP/1.1 client for plain `http:` origins (the local vLLM fleet, the hot path). It does what
 * node's `http.request` + `Agent` + `IncomingMessage` do for this use, at under half the CPU: one
 * `write` per request, an incremental parser over the socket's Buffers, body slices handed to the
 * consumer without copying, and one set of socket listeners per connection rather than per request.
 *
 * Kept over undici by measurement (2 shared cores under load 12-30, Node 20.20, undici 7.30.3):
 * - `npm run bench:client-cpu`, the client alone, CPU per POST relative to this client, three runs:
 *   undici Pool#request 1.42-1.89x, undici Pool#dispatch 1.12-1.46x, node:http 2.36-2.79x (this
 *   client 22.5-49 µs, as the load varied).
 * - `npm run bench:transport`, `biopipe serve` on each transport in the same run, five runs: the
 *   added p50 was 14-48% higher on undici's Pool#request than here (0.44-1.05 ms here), the added
 *   time to first token -1% to +31% (0.57-4.2 ms here), gateway CPU per request -8% to +30%
 *   (161-295 µs here), and undici's peak RSS 136-154 MB against 110-120 MB. Undici's p50 was not
 *   within 10% in any run, so this client stays.
 *
 * Response headers have lower-case names; a repeated header is joined with `, ` (RFC 9110 §5.3), so
 * every value is a string. Obsolete line folding and `101 Switching Protocols` are rejected.
 */

/** One request. */
export interface Http1RequestOptions {
  /** Hostname or IP of an `http:` origin (e.g. `127.0.0.1`, `gpu-node-3`). */
  host: string;
  port: number;
  method: 'POST' | 'GET';
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  /**
   * Extra headers, lower-case names (e.g. content-type, authorization, x-request-id). The client adds
   * host, content-length (when there is a body) and connection: keep-alive; passing one of those, or a
   * value with a line break or control character, rejects the request before anything is sent.
   */
  headers: Readonly<Record<string, string>>;
  /** Sent as utf8. */
  body?: string | undefined;
  /**
   * Aborting destroys the socket: before the headers arrive the promise rejects (with `reason` when it
   * is an Error, else `Error('aborted')`); after, the body's consumer gets `end(error)`.
   */
  signal: CancelSignal;
  /**
   * A new connection not established within this many ms fails with an Error whose `code` is
   * `ETIMEDOUT`. Reused sockets skip this. Zero, a negative or a non-finite value means no limit.
   */
  connectTimeoutMs: number;
}

/** Settings of an {@link Http1Client}. */
export interface Http1ClientOptions {
  /**
   * Idle keep-alive sockets kept per origin (host:port); a socket finishing past this is closed.
   * @default 256
   */
  maxIdlePerOrigin?: number;
  /**
   * Idle sockets are closed after this long and never reused past it; below uvicorn's 5 s keep-alive so
   * the client, not the server, ends an idle connection.
   * @default 4000
   */
  idleTimeoutMs?: number;
  /**
   * Opens a TCP connection; tests and instrumentation wrap it.
   * @default net.connect
   */
  createConnection?: (options: NetConnectOpts) => Socket;
}

const DEFAULT_MAX_IDLE_PER_ORIGIN = 256;
const DEFAULT_IDLE_TIMEOUT_MS = 4000;

/** Keep-alive sockets per origin (host:port), LIFO reuse, idle sockets dropped when the server closes them. */
export class Http1Client {
  private readonly pool: ConnectionPool;

  constructor(options: Http1ClientOptions = {}) {
    this.pool = new ConnectionPool(
      options.maxIdlePerOrigin ?? DEFAULT_MAX_IDLE_PER_ORIGIN,
      options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      options.createConnection ?? net.connect,
    );
  }

  /**
   * Sends the request and resolves once the response head (status and headers) is in; the body is
   * read through the response. Socket failures reject with node's own errors (their `code`, e.g.
   * ECONNREFUSED); a malformed response with code `HPE_INVALID`. A request is written once: a
   * connection that closes or resets after the write fails the request (ECONNRESET), even before any
   * response byte, since the server may have received it; a retry is the caller's attempt to count.
   */
  request(options: Http1RequestOptions): Promise<UpstreamResponse> {
    const pool = this.pool;
    return new Promise((resolve, reject) => {
      pool.start(options, resolve, reject);
    });
  }

  /** Closes every idle socket (in-flight requests continue; their sockets are closed, not pooled, when they finish). */
  close(): void {
    this.pool.close();
  }
}
