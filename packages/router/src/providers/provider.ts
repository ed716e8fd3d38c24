import type { FinishReason, ProviderKind, TokenUsage } from '@biopipe/core';
import type { CancelSignal } from '../resilience/cancellation.js';

/** One chat message. System messages go to Anthropic's top-level `system` field. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a chat call sends, whatever the provider. */
export interface ChatRequest {
  messages: readonly ChatMessage[];
  /** Largest answer, in tokens. @default the server's (Anthropic needs one: 1024) */
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  stop?: readonly string[] | undefined;
}

/** Per-attempt deadlines in milliseconds (the profile's `timeouts`, cut to what is left of the total). */
export interface CallLimits {
  connectMs: number;
  /** Until the first token when streaming; until the whole answer otherwise. */
  firstTokenMs: number;
  /** Longest silence between two streamed tokens. */
  idleMs: number;
}

export interface CallOptions {
  /** Aborts the call (the caller's cancel, or the request's total deadline). An AbortSignal-like: pass it on by listening to it, not to fetch(). */
  signal: CancelSignal;
  limits: CallLimits;
  /** Sent as `X-Request-Id` so server logs can be matched with routing metrics. */
  requestId: string;
}

/** A whole (non-streamed) answer. */
export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage | undefined;
  /** The model that answered, as the server names it. */
  model: string;
}

/** What a streamed call yields; failures are thrown as ProviderCallError. */
export type ProviderStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'stream-end'; finishReason: FinishReason; usage: TokenUsage | undefined; model: string };

/** Vectors and the model and size that produced them (vectors of different models cannot share an index). */
export interface EmbeddingResult {
  vectors: number[][];
  model: string;
  dimensions: number;
  usage: TokenUsage | undefined;
}

/** One endpoint speaking one wire protocol. Holds its key (if any) and never reveals it. */
export interface ChatProvider {
  readonly kind: ProviderKind;
  /** Base URL, without credentials. */
  readonly endpoint: string;
  /** The model id sent, or undefined to let a vLLM server use its only model. */
  readonly model: string | undefined;
  chat(request: ChatRequest, options: CallOptions): Promise<ChatResult>;
  /** Cancelling the iteration (break, return, or the signal) closes the upstream connection. */
  streamChat(request: ChatRequest, options: CallOptions): AsyncIterable<ProviderStreamEvent>;
  embed(inputs: readonly string[], options: CallOptions): Promise<EmbeddingResult>;
}
