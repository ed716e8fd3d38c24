import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI, {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { startOpenAiCloudSim, startVllmSim, type CloudSimHandle, type VllmSimHandle } from '../src/index.js';

describe('the official openai SDK against the simulated vLLM server', () => {
  let chat: VllmSimHandle;
  let embeddings: VllmSimHandle;
  let client: OpenAI;
  let embedder: OpenAI;

  beforeAll(async () => {
    chat = await startVllmSim({ servedModelName: 'qwen7b', mode: 'echo', apiKey: 'vllm-key', maxModelLen: 128 });
    embeddings = await startVllmSim({ servedModelName: 'bge-m3', embeddingDimensions: 1024 });
    client = new OpenAI({ baseURL: `${chat.url}/v1`, apiKey: 'vllm-key', maxRetries: 0 });
    embedder = new OpenAI({ baseURL: `${embeddings.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await Promise.all([chat.stop(), embeddings.stop()]);
  });

  it('lists the served model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['qwen7b']);
  });

  it('creates a chat completion', async () => {
    const completion = await client.chat.completions.create({
      model: 'qwen7b',
      messages: [{ role: 'user', content: 'Trim the adapters' }],
      max_tokens: 10,
    });
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Trim the adapters' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ completion_tokens: 3 });
  });

  it('streams a chat completion with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'qwen7b',
      messages: [{ role: 'user', content: 'Trim the adapters' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Trim the adapters');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(3);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + 3);
  });

  it('creates a legacy completion', async () => {
    const completion = await client.completions.create({ model: 'qwen7b', prompt: 'Index the genome', max_tokens: 2 });
    expect(completion.choices[0]).toMatchObject({ text: 'Index the', finish_reason: 'length' });
  });

  it('creates embeddings (the SDK asks for base64 and decodes it)', async () => {
    const result = await embedder.embeddings.create({ model: 'bge-m3', input: ['BRCA1', 'TP53'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(1024);
    expect(Math.hypot(...(result.data[0]?.embedding ?? []))).toBeCloseTo(1, 4);
    const floats = await embedder.embeddings.create({ model: 'bge-m3', input: 'BRCA1', encoding_format: 'float' });
    expect(floats.data[0]?.embedding[5]).toBeCloseTo(result.data[0]?.embedding[5] ?? Number.NaN, 6);
  });

  it('raises typed errors for 400, 404, 429 and 5xx', async () => {
    const ask = (model = 'qwen7b', prompt = 'hi'): Promise<unknown> =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] });
    const tooLong = await ask('qwen7b', 'word '.repeat(200)).catch((error: unknown) => error);
    expect(tooLong).toBeInstanceOf(BadRequestError);
    expect((tooLong as BadRequestError).message).toMatch(/maximum context length/);
    const unknown = await ask('gpt-9').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as NotFoundError).error).toMatchObject({ type: 'NotFoundError', param: 'model' });
    chat.setFaults({ rateLimit: { retryAfterSeconds: 3, count: 1 } });
    const limited = await ask().catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers.get('retry-after')).toBe('3');
    for (const status of [500, 503]) {
      chat.setFaults({ fail: { status, count: 1 } });
      const failed = await ask().catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(InternalServerError);
      expect((failed as InternalServerError).status).toBe(status);
    }
  });

  it('raises AuthenticationError for a wrong key', async () => {
    const stranger = new OpenAI({ baseURL: `${chat.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('surfaces an in-band stream error as an APIError', async () => {
    chat.setFaults({ streamError: { afterTokens: 1, count: 1 } });
    const stream = await client.chat.completions.create({
      model: 'qwen7b',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
    });
    const consume = async (): Promise<void> => {
      for await (const _chunk of stream) {
        // read until the error
      }
    };
    await expect(consume()).rejects.toBeInstanceOf(APIError);
  });
});

describe('the official openai SDK against the OpenAI-compatible cloud simulator', () => {
  let cloud: CloudSimHandle;
  let client: OpenAI;
  beforeAll(async () => {
    cloud = await startOpenAiCloudSim({ mode: 'echo' });
    client = new OpenAI({ baseURL: cloud.url, apiKey: 'any-key', maxRetries: 0 });
  });
  afterAll(() => cloud.stop());

  it('chats at the DeepSeek base URL (no /v1) and streams with usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'Plan an RNA-seq workflow' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Plan an RNA-seq workflow');
    const stream = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'a b c' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('a b c');
    expect(usage).toMatchObject({ completion_tokens: 3 });
    expect(cloud.requests.at(-1)?.headers['authorization']).toBe('[redacted]');
  });

  it('embeds with 1536 dimensions by default and the requested dimensions when asked', async () => {
    const v1 = new OpenAI({ baseURL: `${cloud.url}/v1`, apiKey: 'any-key', maxRetries: 0 });
    const full = await v1.embeddings.create({ model: 'text-embedding-3-small', input: 'BRCA1' });
    expect(full.data[0]?.embedding).toHaveLength(1536);
    const short = await v1.embeddings.create({ model: 'text-embedding-3-small', input: 'BRCA1', dimensions: 256 });
    expect(short.data[0]?.embedding).toHaveLength(256);
  });

  it('raises typed errors for 401, 402, 429 and 5xx', async () => {
    const ask = (sdk: OpenAI = client): Promise<unknown> =>
      sdk.chat.completions
        .create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] })
        .catch((error: unknown) => error);
    cloud.setFaults({ fail: { status: 401, count: 1 } });
    expect(await ask()).toBeInstanceOf(AuthenticationError);
    cloud.setFaults({ fail: { status: 402, count: 1 } });
    const broke = await ask();
    expect(broke).toBeInstanceOf(APIError);
    expect((broke as APIError).status).toBe(402);
    expect((broke as APIError).message).toMatch(/Insufficient Balance/);
    cloud.setFaults({ rateLimit: { count: 1 } });
    expect(await ask()).toBeInstanceOf(RateLimitError);
    cloud.setFaults({ fail: { status: 503, count: 1 } });
    expect(await ask()).toBeInstanceOf(InternalServerError);
  });
});
