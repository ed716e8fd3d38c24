import type { BudgetStatus } from '@biopipe/router';
import type { StreamPart } from '@biopipe/core';

/** How an answer was routed, as the chat shows it. */
export interface ChatRoute {
  target: string;
  model: string | null;
  endpoint: string | null;
  fallback_depth: number;
  cloud: boolean;
  latency_ms: number;
  ttft_ms: number | null;
  /** Where the cloud spend stands, when the profile has a budget. */
  budget?: BudgetStatus | undefined;
}

/** A streamed answer: parts as they arrive, and the route once it ends. */
export interface ChatStream extends AsyncIterable<StreamPart> {
  readonly route: Promise<ChatRoute>;
}

/** A strategy the picker offers. */
export interface ChatStrategyChoice {
  name: string;
  description: string;
  allowCloud: boolean;
}

/** What the chat needs from biopipe: the orchestrator, the registry and the detector behind one seam. */
export interface ChatBackend {
  /** The active strategy's name and whether it allows the cloud. */
  strategy(): { name: string; allowCloud: boolean };
  stream(request: {
    taskType: string;
    messages: readonly { role: 'user' | 'assistant'; content: string }[];
    signal: AbortSignal;
  }): ChatStream;
  /** Validates, then switches. @throws when the profile is unknown or invalid (the current one stays). */
  switchStrategy(name: string): Promise<void>;
  strategies(): ChatStrategyChoice[];
  /** Fleet health, one line each. */
  status(): Promise<string[]>;
}
