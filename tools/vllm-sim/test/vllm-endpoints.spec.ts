import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle } from '../src/index.js';
import { postJson, send } from './support/http.js';

describe('simulated vLLM server: endpoints', () => {
  let chat: VllmSimHandle;
  let embeddings: VllmSimHandle;

  beforeAll(async () => {
    chat = await startVllmSim({
      servedModelName: ['qwen7b', 'qwen-alias'],
      model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
      maxModelLen: 64,
      mode: 'echo',
      version: '0.11.2',
    });
    embeddings = await startVllmSim({
      servedModelName: 'bge-m3',
      model: 'BAAI/bge-m3',
      embeddingDimensions: 1024,
      maxModelLen: 32,
    });
  });
  afterAll(async () => {
    await Promise.all([chat.stop(), embeddings.stop()]);
  });

  it('answers /health and /ping with 200 and an empty body, /version and /load with JSON', async () => {
    const health = await send(`${chat.url}/health`);
    expect([health.status, health.text]).toEqual([200, '']);
    expect((await send(`${chat.url}/ping`, { method: 'POST' })).status).toBe(200);
    expect(JSON.parse((await send(`${chat.url}/version`)).text)).toEqual({ version: '0.11.2' });
    expect(JSON.parse((await send(`${chat.url}/load`)).text)).toEqual({ server_load: 0 });
  });

  it('lists one card per served name with the model path as root and max_model_len', async () => {
    const models = JSON.parse((await send(`${chat.url}/v1/models`)).text) as {
      object: string;
      data: Array<Record<string, unknown>>;
    };
    expect(models.object).toBe('list');
    expect(models.data.map((card) => card['id'])).toEqual(['qwen7b', 'qwen-alias']);
    expect(models.data[0]).toMatchObject({
      object: 'model',
      owned_by: 'vllm',
      root: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
      parent: null,
      max_model_len: 64,
    });
  });

  it('answers a chat completion in vLLM shape, echoing the last user message, under the first served name', async () => {
    const response = await postJson(
      `${chat.url}/v1/chat/completions`,
      {
        model: 'qwen-alias',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Align the reads' }] },
        ],
      },
      { 'x-request-id': 'trace-1' },
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = JSON.parse(response.text) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage']);
    expect(body).toMatchObject({
      id: 'chatcmpl-trace-1',
      object: 'chat.completion',
      model: 'qwen7b',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Align the reads', tool_calls: [] },
          logprobs: null,
          finish_reason: 'stop',
          stop_reason: null,
        },
      ],
      usage: { completion_tokens: 3, prompt_tokens_details: null },
    });
    const usage = body['usage'] as Record<string, number>;
    expect(Object.keys(usage)).toEqual(['prompt_tokens', 'total_tokens', 'completion_tokens', 'prompt_tokens_details']);
    expect(usage['total_tokens']).toBe((usage['prompt_tokens'] ?? 0) + 3);
  });

  it('accepts a request without a model, cuts at max_tokens with finish_reason length, and honours stop and n', async () => {
    const cut = JSON.parse(
      (
        await postJson(`${chat.url}/v1/chat/completions`, {
          messages: [{ role: 'user', content: 'one two three four' }],
          max_tokens: 2,
        })
      ).text,
    ) as { choices: Array<Record<string, unknown>> };
    expect(cut.choices[0]).toMatchObject({ message: { content: 'one two' }, finish_reason: 'length' });
    const stopped = JSON.parse(
      (
        await postJson(`${chat.url}/v1/chat/completions`, {
          messages: [{ role: 'user', content: 'alpha beta END gamma' }],
          stop: 'END',
          n: 2,
        })
      ).text,
    ) as { choices: Array<Record<string, unknown>> };
    expect(stopped.choices).toHaveLength(2);
    expect(stopped.choices[1]).toMatchObject({
      index: 1,
      message: { content: 'alpha beta ' },
      finish_reason: 'stop',
      stop_reason: 'END',
    });
  });

  it('answers /v1/completions for one prompt and for a batch', async () => {
    const single = JSON.parse(
      (await postJson(`${chat.url}/v1/completions`, { model: 'qwen7b', prompt: 'Call variants', max_tokens: 5 })).text,
    ) as Record<string, unknown>;
    expect(single).toMatchObject({
      object: 'text_completion',
      model: 'qwen7b',
      choices: [{ index: 0, text: 'Call variants', logprobs: null, finish_reason: 'stop', stop_reason: null }],
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    });
    expect(String(single['id'])).toMatch(/^cmpl-[0-9a-f]{32}$/);
    const batch = JSON.parse((await postJson(`${chat.url}/v1/completions`, { prompt: ['a b', 'c'] })).text) as {
      choices: Array<{ index: number; text: string }>;
    };
    expect(batch.choices.map((choice) => [choice.index, choice.text])).toEqual([
      [0, 'a b'],
      [1, 'c'],
    ]);
  });

  it('returns 404 in the nested envelope for a model it does not serve', async () => {
    const response = await postJson(`${chat.url}/v1/chat/completions`, {
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual({
      error: { message: 'The model `gpt-4` does not exist.', type: 'NotFoundError', param: 'model', code: 404 },
    });
  });

  it('returns 400 with vLLM wording when the prompt or prompt + max_tokens exceed max_model_len', async () => {
    const long = await postJson(`${chat.url}/v1/completions`, { prompt: 'word '.repeat(80).trim() });
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text)).toEqual({
      error: {
        message:
          "This model's maximum context length is 64 tokens. However, your request has 80 input tokens. Please reduce the length of the input messages.",
        type: 'BadRequestError',
        param: 'input_tokens',
        code: 400,
      },
    });
    const greedy = JSON.parse(
      (await postJson(`${chat.url}/v1/completions`, { prompt: 'word '.repeat(10).trim(), max_tokens: 60 })).text,
    ) as { error: { message: string; param: string } };
    expect(greedy.error.message).toBe(
      "'max_tokens' or 'max_completion_tokens' is too large: 60. This model's maximum context length is 64 tokens and your request has 10 input tokens (60 > 64 - 10).",
    );
    expect(greedy.error.param).toBe('max_tokens');
  });

  it('returns 400 for invalid JSON and invalid fields, naming the problem', async () => {
    const broken = await send(`${chat.url}/v1/chat/completions`, {
      method: 'POST',
      body: '{"messages": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).error.message).toMatch(/^The request body is not valid JSON/);
    const missing = JSON.parse((await postJson(`${chat.url}/v1/chat/completions`, { model: 'qwen7b' })).text) as {
      error: Record<string, unknown>;
    };
    expect(missing.error).toEqual({
      message: 'messages: Field required',
      type: 'BadRequestError',
      param: 'messages',
      code: 400,
    });
    const zero = JSON.parse(
      (await postJson(`${chat.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }))
        .text,
    ) as { error: Record<string, unknown> };
    expect(zero.error).toMatchObject({ message: 'max_tokens must be at least 1, got 0.', param: 'max_tokens' });
  });

  it('answers unknown paths and wrong methods as FastAPI does', async () => {
    expect(await send(`${chat.url}/v1/nothing`)).toMatchObject({ status: 404, text: '{"detail":"Not Found"}' });
    expect(await send(`${chat.url}/v1/chat/completions`)).toMatchObject({
      status: 405,
      text: '{"detail":"Method Not Allowed"}',
    });
    expect((await send(`${chat.url}/admin/faults`)).status).toBe(404);
  });

  it('tokenizes a prompt or chat messages', async () => {
    const prompt = JSON.parse(
      (await postJson(`${chat.url}/tokenize`, { prompt: 'Hello world', return_token_strs: true })).text,
    ) as Record<string, unknown>;
    expect(prompt).toMatchObject({ count: 2, max_model_len: 64, token_strs: ['Hello', ' world'] });
    expect(prompt['tokens']).toHaveLength(2);
    const messages = JSON.parse(
      (await postJson(`${chat.url}/tokenize`, { messages: [{ role: 'user', content: 'Hello world' }] })).text,
    ) as Record<string, unknown>;
    expect(messages['count']).toBeGreaterThan(2);
    expect(messages['token_strs']).toBeNull();
  });

  it('embeds every input as a deterministic unit vector of the configured size', async () => {
    const response = await postJson(`${embeddings.url}/v1/embeddings`, {
      model: 'bge-m3',
      input: ['BRCA1', 'TP53', 'BRCA1'],
    });
    const body = JSON.parse(response.text) as {
      object: string;
      model: string;
      data: Array<{ index: number; object: string; embedding: number[] }>;
      usage: Record<string, unknown>;
    };
    expect(body).toMatchObject({
      object: 'list',
      model: 'bge-m3',
      usage: { prompt_tokens: 3, total_tokens: 3, completion_tokens: 0, prompt_tokens_details: null },
    });
    expect(body.data.map((item) => [item.index, item.object, item.embedding.length])).toEqual([
      [0, 'embedding', 1024],
      [1, 'embedding', 1024],
      [2, 'embedding', 1024],
    ]);
    expect(body.data[2]?.embedding).toEqual(body.data[0]?.embedding);
    expect(body.data[1]?.embedding).not.toEqual(body.data[0]?.embedding);
    const norm = Math.hypot(...(body.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);
    const encoded = JSON.parse(
      (await postJson(`${embeddings.url}/v1/embeddings`, { input: 'BRCA1', encoding_format: 'base64' })).text,
    ) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(encoded.data[0]?.embedding ?? '', 'base64');
    expect(bytes.length).toBe(4096);
    expect(bytes.readFloatLE(0)).toBeCloseTo(body.data[0]?.embedding[0] ?? Number.NaN, 6);
  });

  it('rejects embeddings that are too long, other dimensions, and the wrong API for the runner', async () => {
    const long = JSON.parse(
      (await postJson(`${embeddings.url}/v1/embeddings`, { input: 'gene '.repeat(40).trim() })).text,
    ) as { error: { message: string; code: number } };
    expect(long.error.code).toBe(400);
    expect(long.error.message).toBe(
      "This model's maximum context length is 32 tokens. However, you requested 40 tokens in the input for embedding generation. Please reduce the length of the input.",
    );
    const dims = JSON.parse(
      (await postJson(`${embeddings.url}/v1/embeddings`, { input: 'x', dimensions: 256 })).text,
    ) as { error: { message: string } };
    expect(dims.error.message).toMatch(/does not support matryoshka representation/);
    expect(
      JSON.parse(
        (await postJson(`${embeddings.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'x' }] })).text,
      ).error.message,
    ).toBe('The model does not support Chat Completions API');
    expect(JSON.parse((await postJson(`${chat.url}/v1/embeddings`, { input: 'x' })).text).error.message).toBe(
      'The model does not support Embeddings API',
    );
  });

  it('counts requests per path and records bodies with credentials redacted', async () => {
    const before = chat.stats().requests['/v1/completions'] ?? 0;
    await postJson(`${chat.url}/v1/completions`, { prompt: 'count me' }, { authorization: 'Bearer secret-value' });
    expect(chat.stats().requests['/v1/completions']).toBe(before + 1);
    const last = chat.requests.at(-1);
    expect(last).toMatchObject({ method: 'POST', path: '/v1/completions', body: { prompt: 'count me' } });
    expect(last?.headers['authorization']).toBe('[redacted]');
    expect(JSON.stringify(chat.requests)).not.toContain('secret-value');
    expect(chat.stats().connectionsAccepted).toBeGreaterThan(0);
  });
});

describe('simulated vLLM server: --api-key', () => {
  it('requires the bearer key on /v1/* only and answers 401 {"error":"Unauthorized"}', async () => {
    const sim = await startVllmSim({ servedModelName: 'm', apiKey: 'k-123' });
    try {
      expect(await send(`${sim.url}/v1/models`)).toMatchObject({ status: 401, text: '{"error":"Unauthorized"}' });
      expect((await send(`${sim.url}/v1/models`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await send(`${sim.url}/v1/models`, { headers: { authorization: 'Bearer k-123' } })).status).toBe(200);
      for (const path of ['/health', '/metrics', '/version'])
        expect((await send(`${sim.url}${path}`)).status).toBe(200);
      expect((await postJson(`${sim.url}/tokenize`, { prompt: 'x' })).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
