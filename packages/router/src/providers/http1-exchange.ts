import type { Http1RequestOptions } from './http1-client.js';
import type { Connection } from './http1-connection.js';
import type { ConnectionPool } from './http1-connection-pool.js';
import { describeAbort, createCodedError } from './http1-errors.js';
import {
  CARRIAGE_RETURN,
  COLON,
  HEX_VALUES,
  isDigit,
  LINE_FEED,
  MAX_CHUNK_SIZE,
  MAX_HEAD_BYTES,
  parseContentLength,
  SEMICOLON,
  SPACE,
  TAB,
  TOKEN_BYTES,
} from './http1-response-parsing.js';
import type { BodyConsumer, UpstreamResponse } from './upstream-response.js';

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

const EMPTY_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** One request and its response: the parser state, the body hand-over, and the `UpstreamResponse` given to the caller. */
export class Http1Exchange implements UpstreamResponse {
  status = 0;
  headers: Record<string, string> = EMPTY_HEADERS;
  readonly onAbort = (): void => this.fail(describeAbort(this.options.signal));
  private connection: Connection | undefined = undefined;
  private state = HEAD;
  private httpMinorVersion = 1;
  private keepAlive = false;
  private responseStarted = false;
  private headDone = false;
  /** The request went out on a socket that had served an earlier response (for the error message). */
  private reusedConnection = false;
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
    const payload = this.payload;
    this.payload = undefined;
    if (payload !== undefined) connection.socket.write(payload);
  }

  read(consumer: BodyConsumer): void {
    if (this.consumer !== undefined)
      throw new Error('read() was already called on this response; a body is read once.');
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
    this.responseStarted = true;
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
    // Never sent again here, even on a reused socket (the keep-alive race): once written, the request
    // may have reached the server (a vLLM that died mid-generation looks the same), and a POST is not
    // idempotent. The caller decides whether to try again, and counts that as an attempt.
    this.fail(error ?? this.describeEarlyClose());
  }

  private describeEarlyClose(): Error {
    if (!this.headDone) {
      const reused = this.reusedConnection && !this.responseStarted ? ' (on a reused keep-alive connection)' : '';
      return createCodedError(
        'ECONNRESET',
        `the server at ${this.origin} closed the connection before answering${reused}; the request was sent once and not resent`,
      );
    }
    const received =
      this.state === LENGTH
        ? ` after ${this.contentLength - this.remaining} of ${this.contentLength} body bytes`
        : ' in the middle of the chunked body';
    return createCodedError('ECONNRESET', `the server at ${this.origin} closed the connection${received}`);
  }

  /** Parses head lines; returns the offset just past the final head, or -1 when more bytes are needed or the head was invalid. */
  private parseHead(buffer: Buffer): number {
    let position = 0;
    for (;;) {
      const lineFeed = buffer.indexOf(LINE_FEED, position);
      if (lineFeed === -1) {
        // The partial line is scanned again, whole, when its end arrives: count it then.
        if (this.lineBytes + buffer.length - position > MAX_HEAD_BYTES)
          return this.failHead(`response head larger than ${MAX_HEAD_BYTES} bytes`);
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
      this.failHead(
        `malformed status line ${JSON.stringify(buffer.toString('latin1', start, Math.min(end, start + 80)))}: expected "HTTP/1.1 <3-digit status> <reason>"`,
      );
      return false;
    }
    this.httpMinorVersion = minor === 0x31 ? 1 : 0;
    this.status =
      ((buffer[start + 9] ?? 0) - 0x30) * 100 +
      ((buffer[start + 10] ?? 0) - 0x30) * 10 +
      ((buffer[start + 11] ?? 0) - 0x30);
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
      const what =
        buffer[start] === SPACE || buffer[start] === TAB
          ? 'obsolete line folding'
          : 'a header line that is not "name: value"';
      this.failHead(
        `malformed response header: ${what} (line ${JSON.stringify(buffer.toString('latin1', start, Math.min(end, start + 40)))}...)`,
      );
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
      const tokens = connection
        .toLowerCase()
        .split(',')
        .map((token) => token.trim());
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
        this.failHead(
          `invalid content-length ${JSON.stringify(contentLength.slice(0, 40))}: expected one non-negative integer`,
        );
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
            if (this.remaining >= MAX_CHUNK_SIZE || this.chunkSizeDigits >= 16)
              return this.failBody('chunk size line too long or size too large');
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
          if (this.lineBytes > MAX_HEAD_BYTES)
            return this.failBody(`chunk extensions longer than ${MAX_HEAD_BYTES} bytes`);
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
          if (buffer[offset++] !== LINE_FEED)
            return this.failBody('chunk data not followed by CRLF (the chunk is longer than its size line says)');
          this.startChunkSize();
          break;
        case TRAILER: {
          // Trailer fields (RFC 9112 §7.1.2) are skipped; an empty line ends the body.
          const lineFeed = buffer.indexOf(LINE_FEED, offset);
          const lineEnd = lineFeed === -1 ? length : lineFeed;
          for (let index = offset; index < lineEnd; index++) if (buffer[index] !== CARRIAGE_RETURN) this.remaining++;
          this.lineBytes += lineEnd - offset;
          if (this.lineBytes > MAX_HEAD_BYTES)
            return this.failBody(`trailer fields longer than ${MAX_HEAD_BYTES} bytes`);
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
