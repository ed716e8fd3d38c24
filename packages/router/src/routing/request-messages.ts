import { UsageError } from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';
import type { EmbedRequest, GenerateRequest } from './request-types.js';

/** A chat request's messages: its `messages`, else its `system` and `prompt`. @throws UsageError when it has neither */
export function chatMessagesOf(request: Pick<GenerateRequest, 'messages' | 'prompt' | 'system'>): ChatMessage[] {
  if (request.messages !== undefined && request.messages.length > 0) return [...request.messages];
  if (request.prompt === undefined || request.prompt === '')
    throw new UsageError(
      'The request has neither messages nor a prompt.',
      'Pass `prompt` or a non-empty `messages` list.',
    );
  return [
    ...(request.system === undefined ? [] : [{ role: 'system' as const, content: request.system }]),
    { role: 'user', content: request.prompt },
  ];
}

/** An embeddings request's inputs as a list (one string is a list of one). */
export function embedInputsOf(request: Pick<EmbedRequest, 'input'>): string[] {
  return typeof request.input === 'string' ? [request.input] : [...request.input];
}

/**
 * The inputs as messages, so the guards and the recorder read them as they read a chat's.
 * @throws UsageError when there is nothing to embed
 */
export function embedMessagesOf(inputs: readonly string[]): ChatMessage[] {
  if (inputs.length === 0) throw new UsageError('Nothing to embed.', 'Give at least one text.');
  return inputs.map((content) => ({ role: 'user', content }));
}

/** What a complexity step scores: the user's turns (not the system prompt, which is the caller's template). */
export function userText(messages: readonly ChatMessage[]): string {
  return messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
}
