import net, { type NetConnectOpts, type Socket } from 'node:net';
import type { CancelSignal } from '../resilience/cancellation.js';
import type { BodyConsumer, UpstreamResponse } from './upstream-response.js';

/**
 * A lean HTTP/1.1 client for plain `http:` origins (the local vLLM fleet, the hot path). It does what
 * node's `http.request` + `Agent` + `IncomingMessage` do for this use, at about half the CPU: one
 * `write` per request, an incremental parser over the socket's Buffers, body slices handed to the
 * consumer without copying, and one set of socket listeners per connection rather than per request.
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
/** Cap on a response head, and separately on chunk-extension and trailer bytes (node's own is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
/** Larger chunk sizes are refused before they could lose precision. */
const MAX_CHUNK_SIZE = 2 ** 48;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const SEMICOLON = 59;

// Parser states of one response.
const HEAD = 0;
const LENGTH = 1;
const UNTIL_CLOSE = 2;
const CHUNK_SIZE = 3;
const CHUNK_EXTENSION = 4;
const CHUNK_SIZE_LINE_FEED = 5;
const CHUNK_DATA = 6;
const CHUNK_DATA_END = 7;
const CHUNK_DATA_LINE_FEED = 8;
const TRAILER = 9;
const DONE = 10;

// Connection states.
const BUSY = 0;
const IDLE = 1;
const CLOSED = 2;

const RESERVED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_PRINTABLE_ASCII = /[^\t\x20-\x7e]/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const NOT_PATH = /[^\x21-\x7e]/;

/** 1 for the bytes allowed in a header name (RFC 9110 §5.6.2 tchar). */
const TOKEN_BYTES = new Uint8Array(256);
for (const character of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN_BYTES[character.charCodeAt(0)] = 1;
/** Hex digit values, -1 elsewhere. */
const HEX_VALUES = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUES[digit.toString(16).charCodeAt(0)] = digit;
  HEX_VALUES[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

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
   * ECONNREFUSED); a malformed response with code `HPE_INVALID`. A request whose reused keep-alive
   * socket turns out closed before any response byte is sent once more on a new connection.
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

class ConnectionPool {
  private readonly idle = new Map<string, Connection[]>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly maxIdlePerOrigin: number,
    private readonly idleTimeoutMs: number,
    private readonly connect: (options: NetConnectOpts) => Socket,
  ) {}

  start(options: Http1RequestOptions, resolve: (response: UpstreamResponse) => void, reject: (error: Error) => void): void {
    const signal = options.signal;
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    let payload: string | Buffer;
    try {
      payload = buildRequestPayload(options);
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
    const exchange = new Exchange(this, options, origin, payload, resolve, reject);
    signal.addEventListener('abort', exchange.onAbort, { once: true });
    exchange.attach(connection);
  }

  open(options: Http1RequestOptions, origin: string): Connection {
    const socket = this.connect({ host: options.host, port: options.port, noDelay: true });
    return new Connection(this, origin, socket, options.connectTimeoutMs);
  }

  /** The most recently used idle socket of `origin`, unless it idled past the timeout (then all are closed: older ones idled longer). */
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

/** A socket and its listeners, added once for the socket's life: requests come and go through `exchange`. */
class Connection {
  exchange: Exchange | undefined = undefined;
  state = BUSY;
  /** True once a response on it completed: a failure before any response byte may then be the keep-alive race. */
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

/** One request and its response: the parser state, the body hand-over, and the `UpstreamResponse` given to the caller. */
class Exchange implements UpstreamResponse {
  status = 0;
  headers: Record<string, string> = EMPTY_HEADERS;
  readonly onAbort = (): void => this.fail(abortError(this.options.signal));
  private connection: Connection | undefined = undefined;
  private state = HEAD;
  private httpMinorVersion = 1;
  private keepAlive = false;
  private responseStarted = false;
  private headDone = false;
  private reusedConnection = false;
  private retried = false;
  /** The start of a head line split across packets. */
  private partialLine: Buffer | undefined = undefined;
  /** Head bytes so far, then chunk-extension or trailer bytes. */
  private lineBytes = 0;
  /** Body bytes still expected (content-length or the current chunk), or a chunk size being read. */
  private remaining = 0;
  private contentLength = 0;
  private chunkSizeDigits = 0;
  private consumer: BodyConsumer | undefined = undefined;
  private pending: Buffer[] | undefined = undefined;
  private bodyError: Error | undefined = undefined;
  private ended = false;

  constructor(
    private readonly pool: ConnectionPool,
    private readonly options: Http1RequestOptions,
    private readonly origin: string,
    private payload: string | Buffer | undefined,
    private readonly resolve: (response: UpstreamResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  attach(connection: Connection): void {
    this.connection = connection;
    this.reusedConnection = connection.reused;
    connection.exchange = this;
    // The payload is kept until the first response byte, which comes after this.
    if (this.payload !== undefined) connection.socket.write(this.payload);
  }

  read(consumer: BodyConsumer): void {
    if (this.consumer !== undefined) throw new Error('read() was already called on this response; a body is read once.');
    this.consumer = consumer;
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      for (const chunk of pending) {
        if (this.ended) return;
        consumer.data(chunk);
      }
    }
    if (this.state === DONE && !this.ended) {
      this.ended = true;
      consumer.end(this.bodyError);
    }
  }

  destroy(error?: Error): void {
    // The usual call comes after a complete body: return before building an Error (a stack trace).
    if (this.state === DONE) return;
    this.fail(error ?? new Error('response destroyed'));
  }

  pause(): void {
    if (this.state !== DONE) this.connection?.socket.pause();
  }

  resume(): void {
    this.connection?.socket.resume();
  }

  get done(): boolean {
    return this.state === DONE;
  }

  receive(chunk: Buffer): void {
    if (!this.responseStarted) {
      this.responseStarted = true;
      this.payload = undefined;
    }
    let buffer = chunk;
    let offset = 0;
    if (this.state === HEAD) {
      if (this.partialLine !== undefined) {
        buffer = Buffer.concat([this.partialLine, chunk]);
        this.partialLine = undefined;
      }
      offset = this.parseHead(buffer);
      if (offset === -1) return;
      const state = this.startBody();
      if (state === DONE) return;
      if (state === LENGTH && this.remaining === 0) {
        this.completeBody(offset < buffer.length);
        return;
      }
    }
    if (offset < buffer.length) this.parseBody(buffer, offset);
  }

  connectionLost(error: Error | undefined): void {
    this.connection = undefined;
    if (this.state === DONE) return;
    if (this.state === UNTIL_CLOSE && error === undefined) {
      this.completeBody(false);
      return;
    }
    const resetCode = error === undefined ? 'ECONNRESET' : (error as NodeJS.ErrnoException).code;
    if (this.reusedConnection && !this.responseStarted && !this.retried && (resetCode === 'ECONNRESET' || resetCode === 'EPIPE')) {
      // The keep-alive race: the server closed the idle socket as we wrote to it, so it answered nothing.
      this.retried = true;
      try {
        this.attach(this.pool.open(this.options, this.origin));
      } catch (openError) {
        this.fail(openError as Error);
      }
      return;
    }
    this.fail(error ?? this.describeEarlyClose());
  }

  private describeEarlyClose(): Error {
    if (!this.headDone) return createCodedError('ECONNRESET', `the server at ${this.origin} closed the connection before answering`);
    const received = this.state === LENGTH ? ` after ${this.contentLength - this.remaining} of ${this.contentLength} body bytes` : ' in the middle of the chunked body';
    return createCodedError('ECONNRESET', `the server at ${this.origin} closed the connection${received}`);
  }

  /** Parses head lines; returns the offset just past the final head, or -1 when more bytes are needed or the head was invalid. */
  private parseHead(buffer: Buffer): number {
    let position = 0;
    for (;;) {
      const lineFeed = buffer.indexOf(LINE_FEED, position);
      if (lineFeed === -1) {
        // The partial line is scanned again, whole, when its end arrives: count it then.
        if (this.lineBytes + buffer.length - position > MAX_HEAD_BYTES) return this.failHead(`response head larger than ${MAX_HEAD_BYTES} bytes`);
        if (position < buffer.length) this.partialLine = buffer.subarray(position);
        return -1;
      }
      this.lineBytes += lineFeed + 1 - position;
      if (this.lineBytes > MAX_HEAD_BYTES) return this.failHead(`response head larger than ${MAX_HEAD_BYTES} bytes`);
      const end = lineFeed > position && buffer[lineFeed - 1] === CARRIAGE_RETURN ? lineFeed - 1 : lineFeed;
      if (this.status === 0) {
        if (!this.parseStatusLine(buffer, position, end)) return -1;
      } else if (end === position) {
        if (this.status >= 200) return lineFeed + 1;
        if (this.status === 101) return this.failHead('unexpected 101 Switching Protocols: no upgrade was requested');
        // A 1xx informational response (100 Continue, 103 Early Hints): the final one follows.
        this.status = 0;
      } else if (!this.parseHeaderLine(buffer, position, end)) {
        return -1;
      }
      position = lineFeed + 1;
    }
  }

  private parseStatusLine(buffer: Buffer, start: number, end: number): boolean {
    // HTTP/1.x SP 3DIGIT [SP reason-phrase] (RFC 9112 §4)
    const minor = buffer[start + 7];
    const valid =
      end - start >= 12 &&
      buffer[start] === 0x48 &&
      buffer[start + 1] === 0x54 &&
      buffer[start + 2] === 0x54 &&
      buffer[start + 3] === 0x50 &&
      buffer[start + 4] === 0x2f &&
      buffer[start + 5] === 0x31 &&
      buffer[start + 6] === 0x2e &&
      (minor === 0x30 || minor === 0x31) &&
      buffer[start + 8] === SPACE &&
      isDigit(buffer[start + 9]) &&
      isDigit(buffer[start + 10]) &&
      isDigit(buffer[start + 11]) &&
      (end - start === 12 || buffer[start + 12] === SPACE) &&
      buffer[start + 9] !== 0x30;
    if (!valid) {
      this.failHead(`malformed status line ${JSON.stringify(buffer.toString('latin1', start, Math.min(end, start + 80)))}: expected "HTTP/1.1 <3-digit status> <reason>"`);
      return false;
    }
    this.httpMinorVersion = minor === 0x31 ? 1 : 0;
    this.status = ((buffer[start + 9] ?? 0) - 0x30) * 100 + ((buffer[start + 10] ?? 0) - 0x30) * 10 + ((buffer[start + 11] ?? 0) - 0x30);
    this.headers = Object.create(null) as Record<string, string>;
    return true;
  }

  private parseHeaderLine(buffer: Buffer, start: number, end: number): boolean {
    const colon = buffer.indexOf(COLON, start);
    let valid = colon > start && colon < end;
    for (let index = start; valid && index < colon; index++) valid = TOKEN_BYTES[buffer[index] ?? 0] === 1;
    let valueStart = colon + 1;
    while (valueStart < end && (buffer[valueStart] === SPACE || buffer[valueStart] === TAB)) valueStart++;
    let valueEnd = end;
    while (valueEnd > valueStart && (buffer[valueEnd - 1] === SPACE || buffer[valueEnd - 1] === TAB)) valueEnd--;
    for (let index = valueStart; valid && index < valueEnd; index++) {
      const byte = buffer[index] ?? 0;
      valid = byte >= SPACE ? byte !== 0x7f : byte === TAB;
    }
    if (!valid) {
      const what = buffer[start] === SPACE || buffer[start] === TAB ? 'obsolete line folding' : 'a header line that is not "name: value"';
      this.failHead(`malformed response header: ${what} (line ${JSON.stringify(buffer.toString('latin1', start, Math.min(end, start + 40)))}...)`);
      return false;
    }
    const name = buffer.toString('latin1', start, colon).toLowerCase();
    const value = buffer.toString('latin1', valueStart, valueEnd);
    const existing = this.headers[name];
    this.headers[name] = existing === undefined ? value : existing + ', ' + value;
    return true;
  }

  /** Picks the body framing from the final head (RFC 9112 §6.3) and hands the response to the caller. */
  private startBody(): number {
    const headers = this.headers;
    const connection = headers['connection'];
    this.keepAlive = this.httpMinorVersion === 1;
    if (connection !== undefined && connection !== 'keep-alive') {
      // RFC 9112 §9.3: `close` ends the connection; HTTP/1.0 keeps it only on `keep-alive`.
      const tokens = connection.toLowerCase().split(',').map((token) => token.trim());
      if (tokens.includes('close')) this.keepAlive = false;
      else if (tokens.includes('keep-alive')) this.keepAlive = true;
    }
    const transferEncoding = headers['transfer-encoding'];
    const contentLength = headers['content-length'];
    if (this.status === 204 || this.status === 304) {
      this.state = LENGTH;
      this.remaining = 0;
    } else if (transferEncoding !== undefined) {
      // Both framings at once is a smuggling pattern: honour chunked, then drop the connection.
      if (contentLength !== undefined) this.keepAlive = false;
      const codings = transferEncoding.toLowerCase();
      if (codings.slice(codings.lastIndexOf(',') + 1).trim() === 'chunked') {
        this.state = CHUNK_SIZE;
        this.remaining = 0;
        this.chunkSizeDigits = 0;
      } else {
        this.state = UNTIL_CLOSE;
        this.keepAlive = false;
      }
    } else if (contentLength !== undefined) {
      const length = parseContentLength(contentLength);
      if (length === -1) {
        this.failHead(`invalid content-length ${JSON.stringify(contentLength.slice(0, 40))}: expected one non-negative integer`);
        return DONE;
      }
      this.state = LENGTH;
      this.remaining = length;
      this.contentLength = length;
    } else {
      this.state = UNTIL_CLOSE;
      this.keepAlive = false;
    }
    this.headDone = true;
    this.lineBytes = 0;
    this.resolve(this);
    return this.state;
  }

  private parseBody(buffer: Buffer, start: number): void {
    const length = buffer.length;
    let offset = start;
    while (offset < length) {
      switch (this.state) {
        case LENGTH: {
          const take = Math.min(this.remaining, length - offset);
          this.deliver(offset === 0 && take === length ? buffer : buffer.subarray(offset, offset + take));
          offset += take;
          this.remaining -= take;
          // The consumer may have destroyed the response.
          if (this.done) return;
          if (this.remaining === 0) {
            this.completeBody(offset < length);
            return;
          }
          break;
        }
        case UNTIL_CLOSE:
          this.deliver(offset === 0 ? buffer : buffer.subarray(offset));
          return;
        case CHUNK_SIZE: {
          const byte = buffer[offset++] ?? 0;
          const digit = HEX_VALUES[byte] ?? -1;
          if (digit !== -1) {
            if (this.remaining >= MAX_CHUNK_SIZE || this.chunkSizeDigits >= 16) return this.failBody('chunk size line too long or size too large');
            this.remaining = this.remaining * 16 + digit;
            this.chunkSizeDigits++;
          } else if (this.chunkSizeDigits === 0) {
            return this.failBody(`chunk size line starts with byte 0x${byte.toString(16)}, not a hex digit`);
          } else if (byte === SEMICOLON || byte === SPACE || byte === TAB) {
            this.state = CHUNK_EXTENSION;
          } else if (byte === CARRIAGE_RETURN) {
            this.state = CHUNK_SIZE_LINE_FEED;
          } else if (byte === LINE_FEED) {
            this.endChunkSizeLine();
          } else {
            return this.failBody(`unexpected byte 0x${byte.toString(16)} in a chunk size line`);
          }
          break;
        }
        case CHUNK_EXTENSION: {
          // Extensions (RFC 9112 §7.1.1) carry nothing we use: skip to the end of the line.
          const lineFeed = buffer.indexOf(LINE_FEED, offset);
          this.lineBytes += (lineFeed === -1 ? length : lineFeed) - offset;
          if (this.lineBytes > MAX_HEAD_BYTES) return this.failBody(`chunk extensions longer than ${MAX_HEAD_BYTES} bytes`);
          if (lineFeed === -1) return;
          offset = lineFeed + 1;
          this.endChunkSizeLine();
          break;
        }
        case CHUNK_SIZE_LINE_FEED:
          if (buffer[offset++] !== LINE_FEED) return this.failBody('chunk size line not ended by CRLF');
          this.endChunkSizeLine();
          break;
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, length - offset);
          this.deliver(offset === 0 && take === length ? buffer : buffer.subarray(offset, offset + take));
          offset += take;
          this.remaining -= take;
          // The consumer may have destroyed the response.
          if (this.done) return;
          if (this.remaining === 0) this.state = CHUNK_DATA_END;
          break;
        }
        case CHUNK_DATA_END: {
          const byte = buffer[offset++];
          if (byte === CARRIAGE_RETURN) this.state = CHUNK_DATA_LINE_FEED;
          else if (byte === LINE_FEED) this.startChunkSize();
          else return this.failBody('chunk data not followed by CRLF (the chunk is longer than its size line says)');
          break;
        }
        case CHUNK_DATA_LINE_FEED:
          if (buffer[offset++] !== LINE_FEED) return this.failBody('chunk data not followed by CRLF (the chunk is longer than its size line says)');
          this.startChunkSize();
          break;
        case TRAILER: {
          // Trailer fields (RFC 9112 §7.1.2) are skipped; an empty line ends the body.
          const lineFeed = buffer.indexOf(LINE_FEED, offset);
          const lineEnd = lineFeed === -1 ? length : lineFeed;
          for (let index = offset; index < lineEnd; index++) if (buffer[index] !== CARRIAGE_RETURN) this.remaining++;
          this.lineBytes += lineEnd - offset;
          if (this.lineBytes > MAX_HEAD_BYTES) return this.failBody(`trailer fields longer than ${MAX_HEAD_BYTES} bytes`);
          if (lineFeed === -1) return;
          offset = lineFeed + 1;
          if (this.remaining === 0) {
            this.completeBody(offset < length);
            return;
          }
          this.remaining = 0;
          break;
        }
        default:
          return;
      }
    }
  }

  private endChunkSizeLine(): void {
    this.lineBytes = 0;
    this.state = this.remaining === 0 ? TRAILER : CHUNK_DATA;
  }

  private startChunkSize(): void {
    this.state = CHUNK_SIZE;
    this.remaining = 0;
    this.chunkSizeDigits = 0;
  }

  private deliver(chunk: Buffer): void {
    if (this.consumer !== undefined) this.consumer.data(chunk);
    else (this.pending ??= []).push(chunk);
  }

  private completeBody(extraBytes: boolean): void {
    this.state = DONE;
    this.options.signal.removeEventListener('abort', this.onAbort);
    const connection = this.connection;
    if (connection !== undefined) {
      this.connection = undefined;
      connection.exchange = undefined;
      // Bytes past the response would be read as the next one's start: such a socket is not reused.
      if (this.keepAlive && !extraBytes) this.pool.release(connection);
      else connection.close();
    }
    const consumer = this.consumer;
    if (consumer !== undefined && !this.ended) {
      this.ended = true;
      consumer.end(undefined);
    }
  }

  private failHead(message: string): -1 {
    this.fail(createCodedError('HPE_INVALID', `invalid response from ${this.origin}: ${message}`));
    return -1;
  }

  private failBody(message: string): void {
    this.fail(createCodedError('HPE_INVALID', `invalid response body from ${this.origin}: ${message}`));
  }

  private fail(error: Error): void {
    if (this.state === DONE) return;
    this.state = DONE;
    this.payload = undefined;
    this.options.signal.removeEventListener('abort', this.onAbort);
    const connection = this.connection;
    if (connection !== undefined) {
      this.connection = undefined;
      connection.exchange = undefined;
      connection.close();
    }
    if (!this.headDone) {
      this.reject(error);
      return;
    }
    this.bodyError = error;
    const consumer = this.consumer;
    if (consumer !== undefined && !this.ended) {
      this.ended = true;
      consumer.end(error);
    }
  }
}

const EMPTY_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The request head and body as one string (one `write`), or one Buffer when a header value has latin1 bytes. */
function buildRequestPayload(options: Http1RequestOptions): string | Buffer {
  const { host, port, path, body, headers } = options;
  if (path.charCodeAt(0) !== 0x2f || NOT_PATH.test(path)) {
    throw new Error(`invalid request path: it must start with "/" and contain only visible ASCII (percent-encode the rest)`);
  }
  const hostHeader = host.includes(':') ? '[' + host + ']:' + port : host + ':' + port;
  let head = options.method + ' ' + path + ' HTTP/1.1\r\nhost: ' + hostHeader + '\r\n';
  let asciiHead = true;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (!TOKEN.test(name)) throw new Error(`invalid request header name ${JSON.stringify(name.slice(0, 40))}: use letters, digits and !#$%&'*+-.^_\`|~`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new Error(`request header "${name}" is set by the HTTP client; remove it from the headers`);
    if (NOT_PRINTABLE_ASCII.test(value)) {
      if (NOT_FIELD_VALUE.test(value)) throw new Error(`invalid value for request header "${name}": it contains a line break, a control character or a character beyond latin1`);
      asciiHead = false;
    }
    head += name + ': ' + value + '\r\n';
  }
  if (body !== undefined) head += 'content-length: ' + Buffer.byteLength(body) + '\r\n';
  head += 'connection: keep-alive\r\n\r\n';
  if (asciiHead) return body === undefined ? head : head + body;
  const headBuffer = Buffer.from(head, 'latin1');
  return body === undefined ? headBuffer : Buffer.concat([headBuffer, Buffer.from(body, 'utf8')]);
}

/** A content-length value (repeated identical values allowed, RFC 9110 §8.6), or -1 when invalid. */
function parseContentLength(value: string): number {
  let result = -1;
  for (const part of value.includes(',') ? value.split(',') : [value]) {
    const trimmed = part.trim();
    if (trimmed.length === 0 || trimmed.length > 15) return -1;
    for (let index = 0; index < trimmed.length; index++) if (!isDigit(trimmed.charCodeAt(index))) return -1;
    const length = Number(trimmed);
    if (result !== -1 && length !== result) return -1;
    result = length;
  }
  return result;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function abortError(signal: CancelSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

function createCodedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
