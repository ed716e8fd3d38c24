import { RequestRejectedError } from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';

/**
 * The fewest tokens a prompt can take, from its UTF-8 size. Tokenizers of the models served here
 * (Qwen, Llama, DeepSeek, Claude, GPT) average 3–4 bytes a token on prose and code and fewer on
 * sequences and identifiers; 8 bytes a token is above what any real text reaches, so this
 * undercounts: a prompt refused by it could not fit, and a prompt it lets through is the backend's
 * to judge.
 */
export function minimumPromptTokens(messages: readonly ChatMessage[]): number {
  let bytes = 0;
  for (const message of messages) bytes += Buffer.byteLength(message.content, 'utf8');
  return Math.ceil(bytes / 8);
}

/**
 * Refuses up front a request no candidate can take: its `max_tokens`, plus the fewest tokens its
 * prompt can be, above the largest context of every candidate it could go to. Decided only when
 * every candidate's context is known (fleet manifest, the server's `/v1/models`, the cloud
 * catalogue): one unknown context, and the request goes on. Calls nothing.
 * @returns the refusal, or undefined when the request may fit somewhere
 */
export function checkRequestFits(options: {
  contexts: readonly (number | undefined)[];
  maxTokens: number | undefined;
  messages: readonly ChatMessage[];
}): RequestRejectedError | undefined {
  const { contexts } = options;
  if (contexts.length === 0) return undefined;
  let largest = 0;
  for (const context of contexts) {
    if (context === undefined) return undefined;
    largest = Math.max(largest, context);
  }
  const answer = options.maxTokens ?? 0;
  const prompt = minimumPromptTokens(options.messages);
  if (answer + prompt <= largest) return undefined;
  const hint =
    answer >= largest
      ? `Ask for fewer tokens: max_tokens must leave room for the prompt within ${largest} tokens.`
      : 'Send a shorter prompt (or fewer messages), or a smaller max_tokens.';
  return new RequestRejectedError({
    errorClass: 'context-length',
    param: answer >= largest ? 'max_tokens' : 'messages',
    message: `The request needs at least ${answer + prompt} tokens (max_tokens ${answer}, prompt at least ${prompt}); the largest context of any model it could go to is ${largest} tokens.`,
    hint,
  });
}
