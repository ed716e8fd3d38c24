import type { FinishReason, TokenUsage } from '@biopipe/core';

/** Chat answers are `chat.completion` objects; completions answers are `text_completion` ones. */
export type GenerationKind = 'chat' | 'completion';

/** OpenAI's `finish_reason` values (biopipe's `other` has no counterpart; a finished answer is `stop`). */
const FINISH_REASONS: Readonly<Record<FinishReason, string>> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  other: 'stop',
};

export function toFinishReason(reason: FinishReason): string {
  return FINISH_REASONS[reason];
}

export function toUsage(
  usage: TokenUsage | undefined,
): { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null {
  if (usage === undefined) return null;
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** `chatcmpl-…` or `cmpl-…`, from the request id (so a response can be matched with the routing metric). */
export function completionId(kind: GenerationKind, requestId: string): string {
  return `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${requestId}`;
}

/**
 * A whole (non-streamed) answer, shaped as OpenAI's chat.completion or text_completion. Written as a
 * template: only the strings are escaped (this runs on every request).
 */
export function formatCompletion(options: {
  kind: GenerationKind;
  id: string;
  created: number;
  model: string;
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage | undefined;
}): string {
  const usage = toUsage(options.usage);
  const text = JSON.stringify(options.text);
  const choice =
    options.kind === 'chat'
      ? `{"index":0,"message":{"role":"assistant","content":${text}},"logprobs":null`
      : `{"index":0,"text":${text},"logprobs":null`;
  return (
    `{"id":${JSON.stringify(options.id)},"object":"${options.kind === 'chat' ? 'chat.completion' : 'text_completion'}","created":${options.created},` +
    `"model":${JSON.stringify(options.model)},"choices":[${choice},"finish_reason":"${toFinishReason(options.finishReason)}"}]` +
    `${usage === null ? '' : `,"usage":{"prompt_tokens":${usage.prompt_tokens},"completion_tokens":${usage.completion_tokens},"total_tokens":${usage.total_tokens}}`}}`
  );
}

/**
 * The SSE frames of one streamed answer (PROTOCOLS.md §1.3: `data: <json>\n\n`, no `event:` lines).
 * The chunk envelope is serialised once per stream; each token costs one JSON string escape.
 */
export class ChunkFormatter {
  private readonly head: string;
  private readonly kind: GenerationKind;

  constructor(options: { kind: GenerationKind; id: string; created: number; model: string }) {
    this.kind = options.kind;
    const object = options.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `data: {"id":${JSON.stringify(options.id)},"object":"${object}","created":${options.created},"model":${JSON.stringify(options.model)},"choices":`;
  }

  /** Chat only: the first chunk carries the role. */
  role(): string {
    return `${this.head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  delta(text: string): string {
    const escaped = JSON.stringify(text);
    return this.kind === 'chat'
      ? `${this.head}[{"index":0,"delta":{"content":${escaped}},"logprobs":null,"finish_reason":null}]}\n\n`
      : `${this.head}[{"index":0,"text":${escaped},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  finish(reason: FinishReason): string {
    const finish = JSON.stringify(toFinishReason(reason));
    return this.kind === 'chat'
      ? `${this.head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":${finish}}]}\n\n`
      : `${this.head}[{"index":0,"text":"","logprobs":null,"finish_reason":${finish}}]}\n\n`;
  }

  /** The usage chunk: no choices, only `usage` (sent when `stream_options.include_usage`). */
  usage(usage: TokenUsage | undefined): string {
    return `${this.head}[],"usage":${JSON.stringify(toUsage(usage))}}\n\n`;
  }
}

export const DONE_FRAME = 'data: [DONE]\n\n';

/** The in-band error event of a stream that failed after it started (then the stream ends, without [DONE]). */
export function errorFrame(envelope: unknown): string {
  return `data: ${JSON.stringify(envelope)}\n\n`;
}
