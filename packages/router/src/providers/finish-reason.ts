import type { FinishReason } from '@biopipe/core';

const REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  tool_calls: 'tool-calls',
  tool_use: 'tool-calls',
  content_filter: 'content-filter',
};

/** OpenAI (`stop`, `length`, `tool_calls`, `content_filter`) and Anthropic (`end_turn`, `max_tokens`, …) finish reasons, normalised. */
export function normalizeFinishReason(reason: unknown): FinishReason {
  return typeof reason === 'string' ? (REASONS[reason] ?? 'other') : 'other';
}
