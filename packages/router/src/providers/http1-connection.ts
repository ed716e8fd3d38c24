import type { Socket } from 'node:net';
import type { ConnectionPool } from './http1-connection-pool.js';
import type { Http1Exchange } from './http1-exchange.js';
import { createCodedError } from './http1-errors.js';

// Connection states.
export const BUSY = 0;
export const IDLE = 1;
const CLOSED = 2;

/** A socket and its listeners, added once for the socket's life: requests come and go through `exchange`. */
export class Connection {
  exchange: Http1Exchange | undefined = undefined;
  state = BUSY;
  /** True once a response on it completed (a failure before any response byte may then be the keep-alive race). */
  reused = false;
  idleSince = 0;
  private connectTimer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    private readonly pool: ConnectionPool,
    readonly origin: string,
    readonly socket: Socket,
    readonly connectTimeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.lose(undefined));
    socket.on('close', () => this.lose(undefined));
    socket.on('error', (error: Error) => this.lose(error));
    if (connectTimeoutMs > 0 && Number.isFinite(connectTimeoutMs) && socket.connecting) {
      this.connectTimer = setTimeout(timeOutConnection, connectTimeoutMs, this);
      socket.once('connect', () => clearTimeout(this.connectTimer));
    }
  }

  private receive(chunk: Buffer): void {
    const exchange = this.exchange;
    if (exchange === undefined) {
      // Bytes while idle answer no request of ours (e.g. a 408 before the server closes): not reusable.
      this.lose(undefined);
      return;
    }
    try {
      exchange.receive(chunk);
    } catch (error) {
      // A consumer's `data` threw: fail this response rather than the process. A throw from `end`
      // (the response is over) is the consumer's bug to surface, as from any event listener.
      if (exchange.done) throw error;
      exchange.destroy(error as Error);
    }
  }

  private lose(error: Error | undefined): void {
    if (this.state === CLOSED) return;
    const wasIdle = this.state === IDLE;
    this.close();
    if (wasIdle) this.pool.forget(this);
    const exchange = this.exchange;
    this.exchange = undefined;
    exchange?.connectionLost(error);
  }

  close(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    clearTimeout(this.connectTimer);
    this.socket.destroy();
  }
}

function timeOutConnection(connection: Connection): void {
  connection.socket.destroy(createCodedError('ETIMEDOUT', `no connection within ${connection.connectTimeoutMs} ms`));
}
