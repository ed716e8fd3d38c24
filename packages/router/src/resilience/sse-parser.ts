/** One server-sent event: the `event:` name (when given) and its joined `data:` lines. */
export interface ServerSentEvent {
  event: string | undefined;
  data: string;
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into server-sent events (WHATWG HTML, "Parsing an event stream"). The one
 * SSE parser of the package, used by every provider. Lines end in LF, CRLF or CR, possibly split
 * across chunks; `:` comments (DeepSeek's `: keep-alive`) and blank lines that close no data
 * (DeepSeek's keep-alive newlines) produce nothing. `[DONE]` is passed through as data: ending the
 * stream is the provider's decision.
 */
export async function* parseServerSentEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let skipLeadingLineFeed = false;
  let eventName: string | undefined;
  let dataLines: string[] = [];

  for await (const chunk of chunks) {
    let bytes = chunk;
    // A CR ending the previous chunk may be the first half of a CRLF.
    if (skipLeadingLineFeed && bytes.length > 0) {
      if (bytes[0] === LINE_FEED) bytes = bytes.subarray(1);
      skipLeadingLineFeed = false;
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) skipLeadingLineFeed = true;
    pending += decoder.decode(bytes, { stream: true });

    let start = 0;
    for (let index = 0; index < pending.length; index++) {
      const code = pending.charCodeAt(index);
      if (code !== LINE_FEED && code !== CARRIAGE_RETURN) continue;
      const line = pending.slice(start, index);
      if (code === CARRIAGE_RETURN && pending.charCodeAt(index + 1) === LINE_FEED) index++;
      start = index + 1;

      if (line === '') {
        if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n') };
        eventName = undefined;
        dataLines = [];
        continue;
      }
      if (line.charCodeAt(0) === 0x3a) continue; // ':' starts a comment
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.charCodeAt(0) === 0x20) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'event') eventName = value;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  // A last event without its closing blank line still counts (some servers close right after it).
  if (pending !== '' && pending.startsWith('data:')) dataLines.push(pending.slice(pending.charCodeAt(5) === 0x20 ? 6 : 5));
  if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n') };
}
