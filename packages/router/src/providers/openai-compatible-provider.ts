import { ProviderCallError, type FinishReason, type ProviderKind, type TokenUsage } from '@biopipe/core';
import { parseServerSentEvents } from '../resilience/sse-parser.js';
import { normalizeFinishReason } from './finish-reason.js';
import { callJson, openJsonCall, type JsonCall } from './http-json-call.js';
import type { CallOptions, ChatProvider, ChatRequest, ChatResult, EmbeddingResult, ProviderStreamEvent } from './provider.js';
import { redactUrl } from './redact-url.js';
import { describeStreamFailure, inBandError, parseChunk, type StreamContext } from './stream-failure.js';

export interface OpenAiCompatibleProviderOptions {
  /** `vllm` for the local fleet, `openai-compatible` for DeepSeek and OpenAI. */
  kind: Extract<ProviderKind, 'vllm' | 'openai-compatible'>;
  /** vLLM: the server root (`http://gpu-1:8001`); cloud: the API base (`https://api.deepseek.com`, `https://api.openai.com/v1`). */
  baseUrl: string;
  /** Model id sent; undefined lets a vLLM server use its only model. */
  model: string | undefined;
  /** Sent as `Authorization: Bearer`; never logged. */
  apiKey?: string | undefined;
  /** @default Date.now */
  now?: () => number;
}

type JsonObject = Record<string, unknown>;

function readUsage(value: unknown): TokenUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as JsonObject;
  const prompt = usage['prompt_tokens'];
  const completion = usage['completion_tokens'];
  return typeof prompt === 'number' ? { promptTokens: prompt, completionTokens: typeof completion === 'number' ? completion : 0 } : undefined;
}

function firstChoice(body: JsonObject): JsonObject | undefined {
  const choices = body['choices'];
  return Array.isArray(choices) && typeof choices[0] === 'object' && choices[0] !== null ? (choices[0] as JsonObject) : undefined;
}

/**
 * The OpenAI wire protocol (PROTOCOLS.md §1, §4, §6) on a lean keep-alive HTTP client: vLLM serves it
 * under `/v1`, DeepSeek and OpenAI under their API base. No SDK retries: the router owns retries.
 */
export class OpenAiCompatibleProvider implements ChatProvider {
  readonly kind: Extract<ProviderKind, 'vllm' | 'openai-compatible'>;
  readonly endpoint: string;
  readonly model: string | undefined;
  private readonly chatUrl: URL;
  private readonly embeddingsUrl: URL;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly now: () => number;

  constructor(options: OpenAiCompatibleProviderOptions) {
    this.kind = options.kind;
    this.endpoint = redactUrl(options.baseUrl);
    this.model = options.model;
    const root = options.baseUrl.replace(/\/+$/, '') + (options.kind === 'vllm' ? '/v1' : '');
    this.chatUrl = new URL(`${root}/chat/completions`);
    this.embeddingsUrl = new URL(`${root}/embeddings`);
    this.headers = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
    this.now = options.now ?? Date.now;
  }

  private call(url: URL, body: JsonObject, options: CallOptions): JsonCall {
    return { provider: this.kind, endpoint: this.endpoint, url, headers: this.headers, body, options, now: this.now };
  }

  private chatBody(request: ChatRequest, stream: boolean): JsonObject {
    return {
      ...(this.model === undefined ? {} : { model: this.model }),
      messages: request.messages,
      stream,
      // vLLM sends the usage chunk only when stream_options is present (PROTOCOLS.md §1.3).
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.stop === undefined ? {} : { stop: request.stop }),
    };
  }

  private malformed(what: string): ProviderCallError {
    return new ProviderCallError({ provider: this.kind, url: this.endpoint, errorClass: 'malformed-response', isRetryable: true, message: `${this.endpoint} sent a ${what} without the expected fields.` });
  }

  async chat(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const body = (await callJson(this.call(this.chatUrl, this.chatBody(request, false), options))) as JsonObject;
    const choice = firstChoice(body);
    const message = choice?.['message'] as JsonObject | undefined;
    const content = message?.['content'];
    if (choice === undefined || (typeof content !== 'string' && content !== null)) throw this.malformed('chat completion');
    return { text: content ?? '', finishReason: normalizeFinishReason(choice['finish_reason']), usage: readUsage(body['usage']), model: String(body['model'] ?? this.model ?? '') };
  }

  async *streamChat(request: ChatRequest, options: CallOptions): AsyncGenerator<ProviderStreamEvent> {
    const open = await openJsonCall(this.call(this.chatUrl, this.chatBody(request, true), options));
    const context: StreamContext = { provider: this.kind, endpoint: this.endpoint, signal: open.signal };
    let finishReason: FinishReason | undefined;
    let usage: TokenUsage | undefined;
    let model = this.model ?? '';
    let done = false;
    try {
      for await (const event of parseServerSentEvents(open.response)) {
        // Read on past [DONE] to the end of the body, so the keep-alive connection can be reused.
        if (done) continue;
        if (event.data === '[DONE]') {
          done = true;
          continue;
        }
        const chunk = parseChunk(context, event.data);
        const error = chunk['error'];
        if (error !== undefined) {
          const detail = typeof error === 'object' && error !== null ? (error as JsonObject) : { message: error };
          throw inBandError(context, String(detail['message'] ?? ''), typeof detail['type'] === 'string' ? detail['type'] : undefined);
        }
        if (typeof chunk['model'] === 'string') model = chunk['model'];
        usage = readUsage(chunk['usage']) ?? usage;
        const choice = firstChoice(chunk);
        if (choice === undefined) continue;
        const delta = choice['delta'] as JsonObject | undefined;
        const text = delta?.['content'];
        if (typeof text === 'string' && text !== '') {
          open.deadline.tokenReceived();
          yield { type: 'text-delta', text };
        }
        if (choice['finish_reason'] !== null && choice['finish_reason'] !== undefined) finishReason = normalizeFinishReason(choice['finish_reason']);
      }
    } catch (error) {
      throw describeStreamFailure(context, error);
    } finally {
      open.close();
    }
    // A stream that ends without [DONE] or a finish reason was cut: never pass it off as complete.
    if (!done || finishReason === undefined) throw describeStreamFailure(context, undefined);
    yield { type: 'finish', finishReason, usage, model };
  }

  async embed(inputs: readonly string[], options: CallOptions): Promise<EmbeddingResult> {
    const body = (await callJson(this.call(this.embeddingsUrl, { ...(this.model === undefined ? {} : { model: this.model }), input: inputs, encoding_format: 'float' }, options))) as JsonObject;
    const data = body['data'];
    if (!Array.isArray(data) || data.length !== inputs.length) throw this.malformed('embeddings response');
    const vectors: number[][] = new Array<number[]>(inputs.length);
    for (const [position, item] of (data as JsonObject[]).entries()) {
      const embedding = item['embedding'];
      const index = typeof item['index'] === 'number' ? item['index'] : position;
      if (!Array.isArray(embedding) || index < 0 || index >= inputs.length) throw this.malformed('embeddings response');
      vectors[index] = embedding as number[];
    }
    const dimensions = vectors[0]?.length ?? 0;
    if (vectors.some((vector) => vector === undefined || vector.length !== dimensions)) throw this.malformed('embeddings response');
    return { vectors, model: String(body['model'] ?? this.model ?? ''), dimensions, usage: readUsage(body['usage']) };
  }
}
