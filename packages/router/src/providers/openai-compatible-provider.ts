import type { ProviderCallError, ProviderKind, TokenUsage } from '@biopipe/core';
import type { ServerSentEvent } from '../sse/sse-parser.js';
import { normalizeFinishReason } from './finish-reason.js';
import { callJson, type JsonCall } from './http-json-call.js';
import { toUpstreamTarget, type UpstreamTarget } from './http-transport.js';
import { streamJsonCall } from './provider-event-stream.js';
import { inBandError, malformedResponse, parseChunk, streamCut } from './provider-failures.js';
import { ProtocolStreamDecoder } from './protocol-stream-decoder.js';
import type {
  CallOptions,
  ChatProvider,
  ChatRequest,
  ChatResult,
  EmbeddingResult,
  ProviderStreamEvent,
} from './provider.js';
import { redactUrl } from './redact-url.js';

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
  return typeof prompt === 'number'
    ? { promptTokens: prompt, completionTokens: typeof completion === 'number' ? completion : 0 }
    : undefined;
}

function firstChoice(body: JsonObject): JsonObject | undefined {
  const choices = body['choices'];
  return Array.isArray(choices) && typeof choices[0] === 'object' && choices[0] !== null
    ? (choices[0] as JsonObject)
    : undefined;
}

/**
 * The OpenAI wire protocol (PROTOCOLS.md §1, §4, §6) on a lean keep-alive HTTP client: vLLM serves it
 * under `/v1`, DeepSeek and OpenAI under their API base. No SDK retries: the router owns retries.
 */
export class OpenAiCompatibleProvider implements ChatProvider {
  readonly kind: Extract<ProviderKind, 'vllm' | 'openai-compatible'>;
  readonly endpoint: string;
  readonly model: string | undefined;
  private readonly chatTarget: UpstreamTarget;
  private readonly embeddingsTarget: UpstreamTarget;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly now: () => number;

  constructor(options: OpenAiCompatibleProviderOptions) {
    this.kind = options.kind;
    this.endpoint = redactUrl(options.baseUrl);
    this.model = options.model;
    const root = options.baseUrl.replace(/\/+$/, '') + (options.kind === 'vllm' ? '/v1' : '');
    this.chatTarget = toUpstreamTarget(new URL(`${root}/chat/completions`));
    this.embeddingsTarget = toUpstreamTarget(new URL(`${root}/embeddings`));
    this.headers = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
    this.now = options.now ?? Date.now;
  }

  private call(target: UpstreamTarget, body: JsonObject, options: CallOptions): JsonCall {
    return {
      provider: this.kind,
      endpoint: this.endpoint,
      target,
      headers: this.headers,
      body,
      options,
      now: this.now,
    };
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
    return malformedResponse(
      { provider: this.kind, endpoint: this.endpoint },
      `${this.endpoint} sent a ${what} without the expected fields.`,
    );
  }

  async chat(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const body = (await callJson(this.call(this.chatTarget, this.chatBody(request, false), options))) as JsonObject;
    const choice = firstChoice(body);
    const message = choice?.['message'] as JsonObject | undefined;
    const content = message?.['content'];
    if (choice === undefined || (typeof content !== 'string' && content !== null))
      throw this.malformed('chat completion');
    return {
      text: content ?? '',
      finishReason: normalizeFinishReason(choice['finish_reason']),
      usage: readUsage(body['usage']),
      model: String(body['model'] ?? this.model ?? ''),
    };
  }

  streamChat(request: ChatRequest, options: CallOptions): AsyncIterableIterator<ProviderStreamEvent> {
    return streamJsonCall(
      this.call(this.chatTarget, this.chatBody(request, true), options),
      (context) => new OpenAiStreamDecoder(context, this.model ?? ''),
    );
  }

  async embed(inputs: readonly string[], options: CallOptions): Promise<EmbeddingResult> {
    const body = (await callJson(
      this.call(
        this.embeddingsTarget,
        { ...(this.model === undefined ? {} : { model: this.model }), input: inputs, encoding_format: 'float' },
        options,
      ),
    )) as JsonObject;
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
    if (vectors.some((vector) => vector === undefined || vector.length !== dimensions))
      throw this.malformed('embeddings response');
    return { vectors, model: String(body['model'] ?? this.model ?? ''), dimensions, usage: readUsage(body['usage']) };
  }
}

/**
 * OpenAI-style chunks (PROTOCOLS.md §1.3): content deltas, the finish reason, usage in its own chunk,
 * `data: {"error":…}` in band, and `[DONE]`.
 */
class OpenAiStreamDecoder extends ProtocolStreamDecoder {
  private reported: TokenUsage | undefined;

  protected read(event: ServerSentEvent, emit: (event: ProviderStreamEvent) => void): void {
    if (event.data === '[DONE]') {
      this.ended = true;
      return;
    }
    const chunk = parseChunk(this.context, event.data);
    const error = chunk['error'];
    if (error !== undefined) {
      const detail = typeof error === 'object' && error !== null ? (error as JsonObject) : { message: error };
      throw inBandError(
        this.context,
        String(detail['message'] ?? ''),
        typeof detail['type'] === 'string' ? detail['type'] : undefined,
      );
    }
    if (typeof chunk['model'] === 'string') this.model = chunk['model'];
    this.reported = readUsage(chunk['usage']) ?? this.reported;
    const choice = firstChoice(chunk);
    if (choice === undefined) return;
    const delta = choice['delta'] as JsonObject | undefined;
    const text = delta?.['content'];
    if (typeof text === 'string' && text !== '') emit({ type: 'text-delta', text });
    if (choice['finish_reason'] !== null && choice['finish_reason'] !== undefined)
      this.finishReason = normalizeFinishReason(choice['finish_reason']);
  }

  override finish(): ProviderStreamEvent {
    // OpenAI's protocol always sends a finish reason before [DONE]: a stream without one was cut too.
    if (this.finishReason === undefined) throw streamCut(this.context);
    return super.finish();
  }

  protected usage(): TokenUsage | undefined {
    return this.reported;
  }
}
