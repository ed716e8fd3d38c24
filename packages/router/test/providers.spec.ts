import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startOpenAiCloudSim, startVllmSim, type CloudSimHandle, type VllmSimHandle } from '@biopipe/vllm-sim';
import { OpenAiCompatibleProvider } from '../src/index.js';
import type { CallOptions, ProviderStreamEvent } from '../src/providers/provider.js';

const limits = { connectMs: 1000, firstTokenMs: 2000, idleMs: 500 };
const callOptions = (
  signal: AbortSignal = new AbortController().signal,
  overrides: Partial<CallOptions['limits']> = {},
): CallOptions => ({ signal, limits: { ...limits, ...overrides }, requestId: 'test-request' });
const request = { messages: [{ role: 'user' as const, content: 'Write a Snakemake rule for FastQC' }], maxTokens: 16 };

async function collect(events: AsyncIterable<ProviderStreamEvent>): Promise<ProviderStreamEvent[]> {
  const collected: ProviderStreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('OpenAiCompatibleProvider on the vLLM simulator', () => {
  let sim: VllmSimHandle;
  let embeddings: VllmSimHandle;
  let provider: OpenAiCompatibleProvider;

  beforeAll(async () => {
    sim = await startVllmSim({ servedModelName: 'qwen-test', port: 0 });
    embeddings = await startVllmSim({ servedModelName: 'bge-m3', port: 0, embeddingDimensions: 1024 });
    provider = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: sim.url, model: 'qwen-test' });
  });
  afterEach(() => {
    sim.clearFaults();
  });
  afterAll(async () => {
    await Promise.all([sim.stop(), embeddings.stop()]);
  });

  it('answers a chat request and sends the served model name and request id', async () => {
    const result = await provider.chat(request, callOptions());
    expect(result.text.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ model: 'qwen-test', finishReason: expect.stringMatching(/stop|length/) });
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    const sent = sim.requests.at(-1);
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.body).toMatchObject({ model: 'qwen-test', stream: false, max_tokens: 16 });
  });

  it('streams text deltas then a finish with usage (stream_options sent)', async () => {
    const events = await collect(provider.streamChat(request, callOptions()));
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({
      type: 'stream-end',
      model: 'qwen-test',
      usage: { promptTokens: expect.any(Number) },
    });
    expect(sim.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('returns vectors with the model and dimension that produced them', async () => {
    const vectorProvider = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: embeddings.url, model: 'bge-m3' });
    const result = await vectorProvider.embed(['alpha', 'beta'], callOptions());
    expect(result).toMatchObject({ model: 'bge-m3', dimensions: 1024 });
    expect(result.vectors).toHaveLength(2);
  });

  it('cancels the upstream request when the consumer stops reading', async () => {
    const slow = await startVllmSim({ servedModelName: 'qwen-test', port: 0, interTokenLatencyMs: 20 });
    try {
      const slowProvider = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: slow.url, model: 'qwen-test' });
      for await (const event of slowProvider.streamChat({ ...request, maxTokens: 500 }, callOptions())) {
        if (event.type === 'text-delta') break;
      }
      await waitFor(() => slow.stats().inFlight === 0);
      const controller = new AbortController();
      const iteration = collect(
        slowProvider.streamChat({ ...request, maxTokens: 500 }, callOptions(controller.signal)),
      );
      await waitFor(() => slow.stats().inFlight === 1);
      controller.abort();
      await expect(iteration).rejects.toMatchObject({ code: 'aborted' });
      await waitFor(() => slow.stats().inFlight === 0);
    } finally {
      await slow.stop();
    }
  });

  it('classes a wrong model as retryable elsewhere and a 503 as retryable, with the parsed message', async () => {
    sim.setFaults({ wrongModel: 'llama-other' });
    await expect(provider.chat(request, callOptions())).rejects.toMatchObject({
      errorClass: 'wrong-model',
      status: 404,
      isRetryable: true,
    });
    sim.setFaults({ wrongModel: null, fail: { status: 503, message: 'engine overloaded' } });
    await expect(provider.chat(request, callOptions())).rejects.toMatchObject({
      errorClass: 'http-503',
      isRetryable: true,
      message: expect.stringContaining('engine overloaded'),
    });
  });

  it('reads Retry-After from a 429', async () => {
    sim.setFaults({ rateLimit: { retryAfterSeconds: 2 } });
    await expect(provider.chat(request, callOptions())).rejects.toMatchObject({
      errorClass: 'http-429',
      retryAfterMs: 2000,
    });
  });

  it('times out a hanging server at the first-token deadline, and a stalled stream at the idle deadline', async () => {
    sim.setFaults({ hang: {} });
    const started = performance.now();
    await expect(provider.chat(request, callOptions(undefined, { firstTokenMs: 150 }))).rejects.toMatchObject({
      errorClass: 'timeout-first-token',
    });
    expect(performance.now() - started).toBeLessThan(1500);
    sim.setFaults({ hang: null, stallStream: { afterTokens: 2 } });
    await expect(
      collect(provider.streamChat({ ...request, maxTokens: 50 }, callOptions(undefined, { idleMs: 150 }))),
    ).rejects.toMatchObject({ errorClass: 'timeout-idle' });
    await waitFor(() => sim.stats().inFlight === 0);
  });

  it('never passes off a cut stream, a malformed chunk or an in-band error as a complete answer', async () => {
    for (const [fault, errorClass] of [
      [{ cutStream: { afterTokens: 2 } }, 'stream-cut'],
      [{ malformedChunk: { afterTokens: 2 } }, 'malformed-chunk'],
      [{ streamError: { afterTokens: 2 } }, 'stream-error'],
    ] as const) {
      sim.clearFaults();
      sim.setFaults(fault);
      const events: ProviderStreamEvent[] = [];
      const failure = await (async () => {
        for await (const event of provider.streamChat({ ...request, maxTokens: 50 }, callOptions())) events.push(event);
      })().catch((error: unknown) => error);
      expect(failure).toMatchObject({ errorClass });
      expect(events.some((event) => event.type === 'stream-end')).toBe(false);
    }
  });

  it('reports a refused connection as retryable', async () => {
    const gone = await startVllmSim({ servedModelName: 'qwen-test', port: 0 });
    const url = gone.url;
    await gone.stop();
    const refused = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: url, model: 'qwen-test' });
    await expect(refused.chat(request, callOptions())).rejects.toMatchObject({
      errorClass: 'refused',
      isRetryable: true,
    });
  });
});

describe('OpenAiCompatibleProvider on the simulated DeepSeek API', () => {
  let cloud: CloudSimHandle;
  let provider: OpenAiCompatibleProvider;
  beforeAll(async () => {
    cloud = await startOpenAiCloudSim({ apiKey: 'sk-test-cloud' });
    provider = new OpenAiCompatibleProvider({
      kind: 'openai-compatible',
      baseUrl: cloud.url,
      model: 'deepseek-chat',
      apiKey: 'sk-test-cloud',
    });
  });
  afterAll(async () => {
    await cloud.stop();
  });

  it('skips keep-alive comments and blank lines while queued, streamed or not', async () => {
    cloud.setFaults({ queueDelay: { ms: 200, intervalMs: 20 } });
    const events = await collect(provider.streamChat(request, callOptions()));
    expect(events.at(-1)).toMatchObject({ type: 'stream-end', model: 'deepseek-chat' });
    cloud.setFaults({ queueDelay: { ms: 200, intervalMs: 20 } });
    expect((await provider.chat(request, callOptions())).text.length).toBeGreaterThan(0);
    cloud.clearFaults();
  });

  it('does not let keep-alives hold off the first-token deadline', async () => {
    cloud.setFaults({ queueDelay: { ms: 5000, intervalMs: 20 } });
    await expect(
      collect(provider.streamChat(request, callOptions(undefined, { firstTokenMs: 200 }))),
    ).rejects.toMatchObject({ errorClass: 'timeout-first-token' });
    cloud.clearFaults();
  });

  it('classes 401 and 402 as not retryable', async () => {
    const wrongKey = new OpenAiCompatibleProvider({
      kind: 'openai-compatible',
      baseUrl: cloud.url,
      model: 'deepseek-chat',
      apiKey: 'sk-wrong',
    });
    await expect(wrongKey.chat(request, callOptions())).rejects.toMatchObject({
      status: 401,
      errorClass: 'auth',
      isRetryable: false,
    });
    cloud.setFaults({ fail: { status: 402, message: 'Insufficient Balance' } });
    await expect(provider.chat(request, callOptions())).rejects.toMatchObject({
      status: 402,
      errorClass: 'insufficient-balance',
      isRetryable: false,
    });
    cloud.clearFaults();
  });
});
