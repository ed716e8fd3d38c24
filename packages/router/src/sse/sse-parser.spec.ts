import { describe, expect, it } from '@jest/globals';
import { parseServerSentEvents, ServerSentEventParser, type ServerSentEvent } from './sse-parser.js';

async function* bytesOf(chunks: readonly (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
}

async function collect(chunks: readonly (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(bytesOf(chunks))) events.push(event);
  return events;
}

/** A vLLM chat stream as captured from the wire (PROTOCOLS.md §1.3). */
const VLLM_STREAM = [
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"qwen7b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"qwen7b","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\n\n',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"qwen7b","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n',
  'data: [DONE]\n\n',
].join('');

describe('parseServerSentEvents', () => {
  it('parses a whole vLLM stream, [DONE] included', async () => {
    const events = await collect([VLLM_STREAM]);
    expect(events).toHaveLength(4);
    expect(events[3]).toEqual({ event: undefined, data: '[DONE]' });
    expect(JSON.parse(events[1]?.data ?? '')).toMatchObject({ choices: [{ delta: { content: 'Hel' } }] });
  });

  it('gives the same events whatever the chunk boundaries, even one byte at a time', async () => {
    const whole = await collect([VLLM_STREAM]);
    const bytes = new TextEncoder().encode(VLLM_STREAM);
    const single = await collect([...bytes].map((byte) => Uint8Array.of(byte)));
    expect(single).toEqual(whole);
    for (const cut of [1, 7, 50, 133, 200]) {
      expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
  });

  it('keeps a multi-byte character split across chunks intact', async () => {
    const bytes = new TextEncoder().encode('data: {"text":"µg/mL — 5′ UTR"}\n\n');
    const events = await collect([bytes.subarray(0, 17), bytes.subarray(17, 18), bytes.subarray(18)]);
    expect(JSON.parse(events[0]?.data ?? '')).toEqual({ text: 'µg/mL — 5′ UTR' });
  });

  it('accepts CRLF and lone CR line endings, also with CR and LF in different chunks', async () => {
    expect(await collect(['data: a\r\n\r\ndata: b\r\rdata: c\n\n'])).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b' },
      { event: undefined, data: 'c' },
    ]);
    expect(await collect(['data: a\r', '\n\r', '\ndata: b\r\n\r\n'])).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b' },
    ]);
  });

  it('skips DeepSeek keep-alive comments and blank lines', async () => {
    const events = await collect(['\n\n: keep-alive\n\n', '\n', ': keep-alive\n\n', 'data: {"x":1}\n\n', '\n\n']);
    expect(events).toEqual([{ event: undefined, data: '{"x":1}' }]);
  });

  it('reads Anthropic event names, pings and in-band error events', async () => {
    const events = await collect([
      'event: message_start\ndata: {"type":"message_start"}\n\n',
      'event: ping\ndata: {"type": "ping"}\n\n',
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    ]);
    expect(events.map((event) => event.event)).toEqual(['message_start', 'ping', 'error']);
    expect(JSON.parse(events[2]?.data ?? '')).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('passes malformed JSON through untouched (the provider decides what it means)', async () => {
    expect(await collect(['data: {"choices":[{"delta":\n\n'])).toEqual([
      { event: undefined, data: '{"choices":[{"delta":' },
    ]);
  });

  it('passes a vLLM in-band error event through as data', async () => {
    const events = await collect([
      'data: {"error":{"message":"boom","type":"InternalServerError","code":500}}\n\ndata: [DONE]\n\n',
    ]);
    expect(events.map((event) => event.data)).toEqual([
      '{"error":{"message":"boom","type":"InternalServerError","code":500}}',
      '[DONE]',
    ]);
  });

  it('joins multi-line data and ignores unknown fields and a missing space after the colon', async () => {
    expect(await collect(['id: 3\nretry: 10\ndata:one\ndata: two\n\n'])).toEqual([
      { event: undefined, data: 'one\ntwo' },
    ]);
  });

  it('discards an event the stream ends inside, before its blank line (WHATWG), and says so', async () => {
    for (const chunks of [
      ['data: [DONE]'],
      ['data: x\n'],
      ['data: a\n\ndata: b\r\n'],
      ['event: ping\n'],
      ['id: 4\n'],
    ]) {
      const events: ServerSentEvent[] = [];
      const error = await (async () => {
        for await (const event of parseServerSentEvents(bytesOf(chunks))) events.push(event);
      })().then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
      );
      expect(error?.message).toMatch(/ended in the middle of an event/);
      expect(events).toEqual(chunks[0]?.startsWith('data: a') === true ? [{ event: undefined, data: 'a' }] : []);
    }
  });

  it('reports no cut when the stream ends after a blank line, a comment or nothing', () => {
    for (const text of ['', 'data: a\n\n', 'data: a\r\n\r\n: keep-alive', ': keep-alive\n', '\n\n']) {
      const events: ServerSentEvent[] = [];
      const parser = new ServerSentEventParser((event) => events.push(event));
      parser.push(Buffer.from(text));
      expect(parser.end()).toBe(false);
      expect(events.length).toBe(text.startsWith('data') ? 1 : 0);
    }
  });

  it('drops one leading byte-order mark, even split across chunks, and only at the start', async () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    expect(await collect([bom, 'data: first\n\n'])).toEqual([{ event: undefined, data: 'first' }]);
    expect(await collect([bom.subarray(0, 1), Uint8Array.of(0xbb, 0xbf, 0x64), 'ata: split\n\n'])).toEqual([
      { event: undefined, data: 'split' },
    ]);
    expect(await collect(['data: a\n\n', bom, 'data: b\n\n'])).toEqual([{ event: undefined, data: 'a' }]);
  });
});
