import type { CloudPrice, TokenUsage } from '@biopipe/core';

/**
 * Characters per token used when a provider sends no usage: about 4 for English text with
 * OpenAI-style BPE tokenisers, so the estimate is of the right order, and flagged as an estimate.
 */
export const CHARACTERS_PER_TOKEN = 4;

export interface CostInput {
  price: CloudPrice | undefined;
  usage: TokenUsage | undefined;
  /** Characters sent, for the estimate when usage is missing. */
  promptChars: number;
  /** Characters received, for the estimate when usage is missing. */
  completionChars: number;
}

/** What one cloud request cost, in US dollars, and whether it was estimated. */
export interface CostFigure {
  costUsd: number;
  estimated: boolean;
}

/** Cost from the provider's usage; without usage, from characters; without a price, 0 and flagged. */
export function computeCost(input: CostInput): CostFigure {
  if (input.price === undefined) return { costUsd: 0, estimated: true };
  const estimated = input.usage === undefined;
  const promptTokens = input.usage?.promptTokens ?? Math.ceil(input.promptChars / CHARACTERS_PER_TOKEN);
  const completionTokens = input.usage?.completionTokens ?? Math.ceil(input.completionChars / CHARACTERS_PER_TOKEN);
  const costUsd =
    (promptTokens * input.price.input_usd_per_mtok + completionTokens * input.price.output_usd_per_mtok) / 1_000_000;
  return { costUsd, estimated };
}
