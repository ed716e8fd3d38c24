import type { ChatMessage } from '../providers/provider.js';

/** Llama Guard 3's hazard categories, as its model card lists them (MLCommons taxonomy). */
export const LLAMA_GUARD_CATEGORIES: Readonly<Record<string, string>> = {
  S1: 'Violent Crimes.',
  S2: 'Non-Violent Crimes.',
  S3: 'Sex Crimes.',
  S4: 'Child Exploitation.',
  S5: 'Defamation.',
  S6: 'Specialized Advice.',
  S7: 'Privacy.',
  S8: 'Intellectual Property.',
  S9: 'Indiscriminate Weapons.',
  S10: 'Hate.',
  S11: 'Self-Harm.',
  S12: 'Sexual Content.',
  S13: 'Elections.',
  S14: 'Code Interpreter Abuse.',
};

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

/** What the guard said: safe, or unsafe with its categories. */
export type LlamaGuardVerdict = { verdict: 'safe' } | { verdict: 'unsafe'; categories: string[] };

/**
 * Parses the guard's answer strictly: `safe`, or `unsafe` then one line of known category codes
 * separated by commas (surrounding whitespace allowed). Anything else is undefined: the caller treats
 * it as the guard being unavailable, never as "safe".
 */
export function parseLlamaGuardAnswer(text: string): LlamaGuardVerdict | undefined {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim());
  if (lines.length === 1 && lines[0] === 'safe') return { verdict: 'safe' };
  if (lines.length !== 2 || lines[0] !== 'unsafe') return undefined;
  const categories = (lines[1] ?? '').split(',').map((code) => code.trim());
  if (categories.length === 0 || !categories.every((code) => Object.hasOwn(LLAMA_GUARD_CATEGORIES, code)))
    return undefined;
  return { verdict: 'unsafe', categories: [...new Set(categories)] };
}
