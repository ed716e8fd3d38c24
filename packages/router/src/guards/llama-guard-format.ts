import { LLAMA_GUARD_CATEGORIES } from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';

// The answer format (categories, parsing) lives in core, where the simulator writes it too.
export { LLAMA_GUARD_CATEGORIES, parseLlamaGuardAnswer } from '@biopipe/core';
export type { LlamaGuardVerdict } from '@biopipe/core';

/**
 * The guard's prompt in Llama Guard 3's format (model card, "prompt format"): the categories, the
 * conversation's user and assistant turns (system turns are the caller's template, not the user's
 * words), and the instruction to judge the last User message. Sent as one user message; the
 * server's chat template adds the special tokens.
 */
export function formatLlamaGuardPrompt(messages: readonly ChatMessage[]): string {
  const categories = Object.entries(LLAMA_GUARD_CATEGORIES)
    .map(([code, name]) => `${code}: ${name}`)
    .join('\n');
  const conversation = messages
    .filter((message) => message.role !== 'system')
    .map((message) => `${message.role === 'assistant' ? 'Agent' : 'User'}: ${message.content}`)
    .join('\n\n');
  return `Task: Check if there is unsafe content in 'User' messages in conversations according our safety policy with the below categories.

<BEGIN UNSAFE CONTENT CATEGORIES>
${categories}
<END UNSAFE CONTENT CATEGORIES>

<BEGIN CONVERSATION>

${conversation}

<END CONVERSATION>

Provide your safety assessment for ONLY THE LAST User message in the above conversation:
 - First line must read 'safe' or 'unsafe'.
 - If unsafe, a second line must include a comma-separated list of violated categories.`;
}
