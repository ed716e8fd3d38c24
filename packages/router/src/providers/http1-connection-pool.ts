import type { NetConnectOpts, Socket } from 'node:net';
import type { Http1RequestOptions } from './http1-client.js';
import { buildHttp1Request } from './build-http1-request.js';
import { BUSY, Connection, IDLE } from './http1-connection.js';
import { describeAbort } from './http1-errors.js';
import { Http1Exchange } from './http1-exchange.js';
import type { UpstreamResponse } from './upstream-response.js';

/** Idle keep-alive connections per origin (host:port): LIFO reuse, a periodic sweep of those idle past the timeout. */
export class ConnectionPool {
  private readonly idle = new Map<string, Connection[]>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly maxIdlePerOrigin: number,
    private readonly idleTimeoutMs: number,
    private readonly connect: (options: NetConnectOpts) => Socket,
  ) {}

  start(
    options: Http1RequestOptions,
    resolve: (response: UpstreamResponse) => void,
    reject: (error: Error) => void,
  ): void {
    const signal = options.signal;
    if (signal.aborted) {
      reject(describeAbort(signal));
      return;
    }
    let payload: string | Buffer;
    try {
      payload = buildHttp1Request(options);
    } catch (error) {
      reject(error as Error);
      return;
    }
    const origin = options.host + ':' + options.port;
    let connection: Connection;
    try {
      connection = this.acquire(origin) ?? this.open(options, origin);
    } catch (error) {
      // net.connect throws at once on arguments it refuses (e.g. a port out of range).
      reject(error as Error);
      return;
    }
    const exchange = new Http1Exchange(this, options, origin, payload, resolve, reject);
    signal.addEventListener('abort', exchange.onAbort, { once: true });
    exchange.attach(connection);
  }

  open(options: Http1RequestOptions, origin: string): Connection {
    const socket = this.connect({ host: options.host, port: options.port, noDelay: true });
    return new Connection(this, origin, socket, options.connectTimeoutMs);
  }

  /**
   * The most recently used idle socket of `origin`, unless it idled past the timeout (then all are
   * closed: older ones idled longer). A socket the server closed or half-closed while idle is already
   * gone from the stack (`forget`), so a request never starts on one seen closed.
   */
  private acquire(origin: string): Connection | undefined {
    const stack = this.idle.get(origin);
    const connection = stack?.pop();
    if (stack === undefined || connection === undefined) return undefined;
    if (Date.now() - connection.idleSince >= this.idleTimeoutMs) {
      connection.close();
      for (const older of stack) older.close();
      stack.length = 0;
      return undefined;
    }
    connection.state = BUSY;
    connection.socket.ref();
    return connection;
  }

  release(connection: Connection): void {
    let stack = this.idle.get(connection.origin);
    if (stack === undefined) {
      stack = [];
      this.idle.set(connection.origin, stack);
    }
    if (this.closed || stack.length >= this.maxIdlePerOrigin) {
      connection.close();
      return;
    }
    connection.state = IDLE;
    connection.reused = true;
    // A consumer may have paused the body it had already received whole.
    connection.socket.resume();
    connection.idleSince = Date.now();
    // An idle socket does not keep the process alive (as with node's Agent).
    connection.socket.unref();
    stack.push(connection);
    if (this.sweepTimer === undefined) this.scheduleSweep(this.idleTimeoutMs);
  }

  /** Drops an idle socket the server closed (or that sent bytes while idle). */
  forget(connection: Connection): void {
    const stack = this.idle.get(connection.origin);
    const index = stack === undefined ? -1 : stack.lastIndexOf(connection);
    if (index !== -1) stack?.splice(index, 1);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    for (const stack of this.idle.values()) {
      for (const connection of stack) connection.close();
      stack.length = 0;
    }
  }

  private scheduleSweep(delayMs: number): void {
    this.sweepTimer = setTimeout(sweepPool, Math.max(1, delayMs), this);
    this.sweepTimer.unref();
  }

  /** Closes the sockets idle past the timeout; the oldest are at the bottom of each stack. */
  sweep(): void {
    this.sweepTimer = undefined;
    const now = Date.now();
    let oldest = Number.POSITIVE_INFINITY;
    for (const stack of this.idle.values()) {
      let expired = 0;
      for (const connection of stack) {
        if (now - connection.idleSince < this.idleTimeoutMs) {
          oldest = Math.min(oldest, connection.idleSince);
          break;
        }
        connection.close();
        expired++;
      }
      if (expired > 0) stack.splice(0, expired);
    }
    if (oldest !== Number.POSITIVE_INFINITY) this.scheduleSweep(oldest + this.idleTimeoutMs - now);
  }
}

function sweepPool(pool: ConnectionPool): void {
  pool.sweep();
}
