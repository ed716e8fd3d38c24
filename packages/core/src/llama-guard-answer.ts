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

/** What the guard said: safe, or unsafe with its categories. */
export type LlamaGuardVerdict = { verdict: 'safe' } | { verdict: 'unsafe'; categories: string[] };

/**
 * A verdict in Llama Guard 3's answer format: `safe`, or `unsafe` and, on the next line, the violated
 * categories separated by commas (`unsafe\nS1,S9`). The simulator's guard modes write answers with
 * this, and `parseLlamaGuardAnswer` reads them, so the two cannot drift apart.
 */
export function formatLlamaGuardAnswer(verdict: LlamaGuardVerdict): string {
  return verdict.verdict === 'safe' ? 'safe' : `unsafe\n${verdict.categories.join(',')}`;
}

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
