import { BiopipeError, type TokenUsage } from '@biopipe/core';
import type { ServerSentEvent } from '../sse/sse-parser.js';
import { normalizeFinishReason } from './finish-reason.js';
import { callJson, type JsonCall } from './http-json-call.js';
import { toUpstreamTarget, type UpstreamTarget } from './http-transport.js';
import { streamJsonCall } from './provider-event-stream.js';
import { inBandError, malformedResponse, parseChunk } from './provider-failures.js';
import { ProtocolStreamDecoder } from './protocol-stream-decoder.js';
import type { CallOptions, ChatProvider, ChatRequest, ChatResult, ProviderStreamEvent } from './provider.js';
import { redactUrl } from './redact-url.js';

export interface AnthropicProviderOptions {
  /** API base, e.g. `https://api.anthropic.com`. */
  baseUrl: string;
  model: string;
  /** Sent as `x-api-key`; never logged. */
  apiKey: string;
  /** Anthropic requires `max_tokens`; this is sent when the request gives none. @default 1024 */
  defaultMaxTokens?: number;
  /** @default Date.now */
  now?: () => number;
}

type JsonObject = Record<string, unknown>;

/** The Anthropic Messages API (PROTOCOLS.md §5) on the same lean HTTP client and SSE parser. */
export class AnthropicProvider implements ChatProvider {
  readonly kind = 'anthropic' as const;
  readonly endpoint: string;
  readonly model: string;
  private readonly target: UpstreamTarget;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly defaultMaxTokens: number;
  private readonly now: () => number;

  constructor(options: AnthropicProviderOptions) {
    this.endpoint = redactUrl(options.baseUrl);
    this.model = options.model;
    this.target = toUpstreamTarget(new URL(`${options.baseUrl.replace(/\/+$/, '')}/v1/messages`));
    this.headers = { 'x-api-key': options.apiKey, 'anthropic-version': '2023-06-01' };
    this.defaultMaxTokens = options.defaultMaxTokens ?? 1024;
    this.now = options.now ?? Date.now;
  }

  private call(request: ChatRequest, stream: boolean, options: CallOptions): JsonCall {
    // `system` is a top-level field in the Messages API, not a role.
    const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
    const body: JsonObject = {
      model: this.model,
      max_tokens: request.maxTokens ?? this.defaultMaxTokens,
      messages: request.messages.filter((message) => message.role !== 'system'),
      ...(system.length === 0 ? {} : { system: system.join('\n\n') }),
      ...(stream ? { stream: true } : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.stop === undefined ? {} : { stop_sequences: request.stop }),
    };
    return {
      provider: this.kind,
      endpoint: this.endpoint,
      target: this.target,
      headers: this.headers,
      body,
      options,
      now: this.now,
    };
  }

  async chat(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const body = (await callJson(this.call(request, false, options))) as JsonObject;
    const content = body['content'];
    if (!Array.isArray(content))
      throw malformedResponse(
        { provider: this.kind, endpoint: this.endpoint },
        `${this.endpoint} sent a message without content.`,
      );
    const text = (content as JsonObject[])
      .map((block) => (block['type'] === 'text' && typeof block['text'] === 'string' ? block['text'] : ''))
      .join('');
    const usage = body['usage'] as JsonObject | undefined;
    return {
      text,
      finishReason: normalizeFinishReason(body['stop_reason']),
      usage:
        typeof usage?.['input_tokens'] === 'number'
          ? { promptTokens: usage['input_tokens'], completionTokens: Number(usage['output_tokens'] ?? 0) }
          : undefined,
      model: String(body['model'] ?? this.model),
    };
  }

  streamChat(request: ChatRequest, options: CallOptions): AsyncIterableIterator<ProviderStreamEvent> {
    return streamJsonCall(
      this.call(request, true, options),
      (context) => new AnthropicStreamDecoder(context, this.model),
    );
  }

  /** Always refuses: the Messages API has no embeddings (a profile lists only OpenAI-compatible models there). */
  embed(): Promise<never> {
    return Promise.reject(
      new BiopipeError('usage', `The Anthropic API at ${this.endpoint} has no embeddings endpoint.`, {
        hint: 'List only OpenAI-compatible models under embeddings_fallback.',
      }),
    );
  }
}

/** Anthropic's event sequence (PROTOCOLS.md §5): message_start, content_block_delta, message_delta, message_stop, in-band `error`. */
class AnthropicStreamDecoder extends ProtocolStreamDecoder {
  private promptTokens: number | undefined;
  private completionTokens = 0;

  protected read(event: ServerSentEvent, emit: (event: ProviderStreamEvent) => void): void {
    const data = parseChunk(this.context, event.data);
    switch (event.event ?? data['type']) {
      case 'message_start': {
        const message = data['message'] as JsonObject | undefined;
        if (typeof message?.['model'] === 'string') this.model = message['model'];
        const usage = message?.['usage'] as JsonObject | undefined;
        if (typeof usage?.['input_tokens'] === 'number') this.promptTokens = usage['input_tokens'];
        break;
      }
      case 'content_block_delta': {
        const delta = data['delta'] as JsonObject | undefined;
        if (delta?.['type'] === 'text_delta' && typeof delta['text'] === 'string' && delta['text'] !== '')
          emit({ type: 'text-delta', text: delta['text'] });
        break;
      }
      case 'message_delta': {
        const delta = data['delta'] as JsonObject | undefined;
        if (delta?.['stop_reason'] !== undefined && delta['stop_reason'] !== null)
          this.finishReason = normalizeFinishReason(delta['stop_reason']);
        // Usage in message_delta is cumulative (PROTOCOLS.md §5).
        const usage = data['usage'] as JsonObject | undefined;
        if (typeof usage?.['output_tokens'] === 'number') this.completionTokens = usage['output_tokens'];
        break;
      }
      case 'message_stop':
        this.ended = true;
        break;
      case 'error': {
        const error = data['error'] as JsonObject | undefined;
        throw inBandError(
          this.context,
          typeof error?.['message'] === 'string' ? error['message'] : undefined,
          typeof error?.['type'] === 'string' ? error['type'] : undefined,
        );
      }
      default:
        break; // ping, content_block_start, content_block_stop
    }
  }

  protected usage(): TokenUsage | undefined {
    return this.promptTokens === undefined
      ? undefined
      : { promptTokens: this.promptTokens, completionTokens: this.completionTokens };
  }
}
