import { StringDecoder } from 'node:string_decoder';

/** One server-sent event: the `event:` name (when given) and its joined `data:` lines. */
export interface ServerSentEvent {
  event: string | undefined;
  data: string;
}

/** Why a stream that ends inside an event fails. */
export const UNTERMINATED_EVENT =
  'the event stream ended in the middle of an event (no closing blank line); the incomplete event was discarded';

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into server-sent events (WHATWG HTML, "Parsing an event stream"), pushed to
 * `onEvent` as whole events arrive. The one SSE parser of the package, used by every provider. Lines
 * end in LF, CRLF or CR, possibly split across chunks; `:` comments (DeepSeek's `: keep-alive`) and
 * blank lines that close no data (DeepSeek's keep-alive newlines) produce nothing. `[DONE]` is passed
 * through as data: ending the stream is the provider's decision.
 */
export class ServerSentEventParser {
  // node's StringDecoder: a character split across chunks waits for its last byte; about four times
  // cheaper per chunk than TextDecoder's streaming mode.
  private readonly decoder = new StringDecoder('utf8');
  /** The first text is still to come: it may open with a byte-order mark, which the spec says to drop. */
  private atStart = true;
  private pending = '';
  private skipLeadingLineFeed = false;
  private eventName: string | undefined;
  private dataLines: string[] = [];
  /** A field line (`id:`, `retry:`, an unknown one) came since the last blank line. */
  private fieldSeen = false;

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  /** Parses the next chunk; may call `onEvent` any number of times (and let its exceptions through). */
  push(chunk: Uint8Array): void {
    let bytes = chunk;
    // A CR ending the previous chunk may be the first half of a CRLF.
    if (this.skipLeadingLineFeed && bytes.length > 0) {
      if (bytes[0] === LINE_FEED) bytes = bytes.subarray(1);
      this.skipLeadingLineFeed = false;
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) this.skipLeadingLineFeed = true;
    let text = this.decoder.write(bytes);
    if (this.atStart && text !== '') {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const pending = this.pending + text;
    let start = 0;
    for (let index = 0; index < pending.length; index++) {
      const code = pending.charCodeAt(index);
      if (code !== LINE_FEED && code !== CARRIAGE_RETURN) continue;
      const line = pending.slice(start, index);
      if (code === CARRIAGE_RETURN && pending.charCodeAt(index + 1) === LINE_FEED) index++;
      start = index + 1;
      this.readLine(line);
    }
    this.pending = pending.slice(start);
  }

  /**
   * The body ended. An event without its closing blank line is discarded, not dispatched (WHATWG HTML,
   * "Parsing an event stream": "If the file ends in the middle of an event, before the final empty
   * line, the incomplete event is not dispatched"). Returns true when that happened, i.e. the stream
   * was cut inside an event (a field line, whole or partial, after the last dispatch; a comment does
   * not count), so the caller can fail it rather than pass a truncated answer off as complete.
   */
  end(): boolean {
    const pending = this.pending + this.decoder.end();
    const cut =
      this.dataLines.length > 0 ||
      this.eventName !== undefined ||
      this.fieldSeen ||
      (pending !== '' && pending.charCodeAt(0) !== 0x3a);
    this.pending = '';
    this.dataLines = [];
    this.eventName = undefined;
    this.fieldSeen = false;
    return cut;
  }

  private readLine(line: string): void {
    if (line === '') {
      this.fieldSeen = false;
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 0x3a) return; // ':' starts a comment
    this.fieldSeen = true;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
  }

  private dispatch(): void {
    const { dataLines, eventName } = this;
    this.eventName = undefined;
    if (dataLines.length === 0) return;
    this.dataLines = [];
    this.onEvent({ event: eventName, data: dataLines.length === 1 ? (dataLines[0] as string) : dataLines.join('\n') });
  }
}

/**
 * The parser over an async byte stream, for callers that pull. Bytes that end inside an event throw,
 * after every whole event was yielded: the incomplete one is discarded, as the spec says.
 */
export async function* parseServerSentEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const ready: ServerSentEvent[] = [];
  const parser = new ServerSentEventParser((event) => ready.push(event));
  for await (const chunk of chunks) {
    parser.push(chunk);
    yield* ready.splice(0);
  }
  const cut = parser.end();
  yield* ready;
  if (cut) throw new Error(UNTERMINATED_EVENT);
}
