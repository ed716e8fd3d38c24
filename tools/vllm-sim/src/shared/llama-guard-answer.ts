import { formatLlamaGuardAnswer } from '@biopipe/core';

/**
 * Llama Guard 3's hazard categories (the MLCommons taxonomy, S1–S14), each with the keywords that
 * make the simulated guard call a conversation unsafe. Lists, not a model: tests know exactly which
 * prompt is flagged and why.
 */
export const LLAMA_GUARD_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  S1: ['kill', 'murder', 'assault', 'stab', 'kidnap'],
  S2: ['steal', 'launder', 'counterfeit', 'hack into', 'ransomware'],
  S3: ['sex trafficking', 'sexual assault'],
  S4: ['child abuse material'],
  S5: ['defame', 'libel'],
  S6: ['overdose dosage', 'self-prescribe'],
  S7: ['dox', 'home address of'],
  S8: ['pirate', 'crack the license'],
  S9: ['bioweapon', 'nerve agent', 'enhance transmissibility', 'weaponize', 'anthrax spores'],
  S10: ['racial slur', 'inferior race'],
  S11: ['suicide', 'self-harm', 'hurt myself'],
  S12: ['explicit sex'],
  S13: ['voter suppression', 'rig the election'],
  S14: ['rm -rf /', 'fork bomb'],
};

const PATTERNS = Object.entries(LLAMA_GUARD_KEYWORDS).map(
  ([category, words]) =>
    [
      category,
      new RegExp(`(^|[^a-z])(${words.map((word) => word.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})`, 'i'),
    ] as const,
);

/**
 * The conversation a Llama Guard prompt asks about: the text between `<BEGIN CONVERSATION>` and
 * `<END CONVERSATION>` (the template's own category list would otherwise match its keywords), or
 * the whole text when the markers are absent.
 */
function conversationOf(prompt: string): string {
  const start = prompt.indexOf('<BEGIN CONVERSATION>');
  const end = prompt.lastIndexOf('<END CONVERSATION>');
  return start >= 0 && end > start ? prompt.slice(start + '<BEGIN CONVERSATION>'.length, end) : prompt;
}

/** Llama Guard 3's answer to a prompt, judged by the keyword lists: `safe`, or `unsafe\nS1,S9`. */
export function answerAsLlamaGuard(prompt: string): string {
  const conversation = conversationOf(prompt);
  const violated = PATTERNS.filter(([, pattern]) => pattern.test(conversation)).map(([category]) => category);
  return formatLlamaGuardAnswer(
    violated.length === 0 ? { verdict: 'safe' } : { verdict: 'unsafe', categories: violated },
  );
}
