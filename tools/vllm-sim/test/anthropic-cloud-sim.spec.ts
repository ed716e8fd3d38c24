import Anthropic, {
  APIError,
  AuthenticationError,
  BadRequestError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startAnthropicCloudSim, type CloudSimHandle } from '../src/index.js';
import { postJson } from './support/http.js';

const headers = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
const body = {
  model: 'claude-3-5-sonnet-latest',
  max_tokens: 16,
  messages: [{ role: 'user' as const, content: 'Check the QC' }],
};

describe('simulated Anthropic Messages API', () => {
  let sim: CloudSimHandle;
  let client: Anthropic;
  beforeAll(async () => {
    sim = await startAnthropicCloudSim({ mode: 'echo' });
    client = new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-test', maxRetries: 0 });
  });
  afterAll(() => sim.stop());

  it('creates a message with the official SDK', async () => {
    const message = await client.messages.create({
      ...body,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Check the QC' }],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text: 'Check the QC' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { output_tokens: 3 },
    });
    expect(message.id).toMatch(/^msg_/);
    const recorded = sim.requests.at(-1);
    expect(recorded?.headers['authorization']).toBe('[redacted]');
    expect(recorded?.headers['anthropic-version']).toEqual(expect.any(String));
  });

  it('streams with the SDK and reports max_tokens when cut', async () => {
    const stream = client.messages.stream({ ...body, max_tokens: 2 });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('Check the');
    expect(final.stop_reason).toBe('max_tokens');
    expect(final.usage.output_tokens).toBe(2);
  });

  it('sends events in order with a ping, cumulative usage, and no [DONE]', async () => {
    const response = await postJson(`${sim.url}/v1/messages`, { ...body, stream: true }, headers);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['request-id']).toMatch(/^req_/);
    const events = response.text
      .split('\n\n')
      .filter((frame) => frame !== '')
      .map((frame) => {
        const [eventLine, dataLine] = frame.split('\n');
        const data = JSON.parse((dataLine ?? '').replace(/^data: /, '')) as { type: string };
        expect(eventLine).toBe(`event: ${data.type}`);
        return data;
      });
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[7]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 3 },
    });
    expect(response.text).not.toContain('[DONE]');
  });

  it('sends pings while a stream is queued', async () => {
    sim.setFaults({ queueDelay: { ms: 60, intervalMs: 30, count: 1 } });
    const response = await postJson(`${sim.url}/v1/messages`, { ...body, stream: true }, headers);
    expect(response.text.match(/event: ping/g)).toHaveLength(3);
  });

  it('checks x-api-key and anthropic-version, with Anthropic error bodies and a request-id', async () => {
    const noKey = await postJson(`${sim.url}/v1/messages`, body, { 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    const parsed = JSON.parse(noKey.text) as { request_id: string };
    expect(parsed).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
      request_id: expect.stringMatching(/^req_/),
    });
    expect(noKey.headers['request-id']).toBe(parsed.request_id);
    const noVersion = await postJson(`${sim.url}/v1/messages`, body, { 'x-api-key': 'k' });
    expect([noVersion.status, JSON.parse(noVersion.text).error.type]).toEqual([400, 'invalid_request_error']);
    const noMaxTokens = await client.messages
      .create({ model: body.model, messages: body.messages } as never)
      .catch((error: unknown) => error);
    expect(noMaxTokens).toBeInstanceOf(BadRequestError);
    const strict = await startAnthropicCloudSim({ apiKey: 'only-this' });
    try {
      const stranger = new Anthropic({ baseURL: strict.url, apiKey: 'other', maxRetries: 0 });
      await expect(stranger.messages.create(body as never)).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await strict.stop();
    }
  });

  it('answers 529 overloaded_error and 429 with retry-after as typed SDK errors', async () => {
    sim.setFaults({ fail: { status: 529, count: 1 } });
    const overloaded = await client.messages.create(body as never).catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(OverloadedError);
    expect((overloaded as OverloadedError).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    sim.setFaults({ rateLimit: { retryAfterSeconds: 4, count: 1 } });
    const limited = await client.messages.create(body as never).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers?.get('retry-after')).toBe('4');
  });

  it('sends an in-stream error event on demand, which the SDK raises', async () => {
    sim.setFaults({ streamError: { afterTokens: 1, count: 1 } });
    const raw = await postJson(`${sim.url}/v1/messages`, { ...body, stream: true }, headers);
    expect(raw.text).toMatch(
      /event: content_block_delta\n.*\n\nevent: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"\}\}\n\n$/,
    );
    sim.setFaults({ streamError: { afterTokens: 1, count: 1 } });
    await expect(client.messages.stream(body as never).finalMessage()).rejects.toBeInstanceOf(APIError);
  });
});
