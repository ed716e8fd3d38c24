import { z } from 'zod';

/** Categories of the bioinformatics lexicon; each becomes one domain feature. */
export const LEXICON_CATEGORIES = ['tools', 'formats', 'methods', 'statistics', 'organisms'] as const;
export type LexiconCategory = (typeof LEXICON_CATEGORIES)[number];

const termsSchema = z.array(z.string().trim().min(1, 'a term cannot be empty')).default([]);

/** `config/complexity/lexicon.yaml`: domain terms by category, lower-case words or two-word phrases. */
export const lexiconSchema = z.strictObject({
  /** Bumped when terms change; a weights file names the lexicon version it was trained with. */
  version: z.number().int().positive(),
  tools: termsSchema,
  formats: termsSchema,
  methods: termsSchema,
  statistics: termsSchema,
  organisms: termsSchema,
});
export type LexiconFile = z.output<typeof lexiconSchema>;

/** The lexicon ready for lookups: one map from a word or a two-word phrase to its category. */
export interface Lexicon {
  version: number;
  terms: ReadonlyMap<string, LexiconCategory>;
  /** First words of the two-word terms: only these make the scorer build a phrase to look up. */
  phraseStarts: ReadonlySet<string>;
}

/** Builds the lookup map; a term listed under two categories keeps the first. */
export function createLexicon(file: LexiconFile): Lexicon {
  const terms = new Map<string, LexiconCategory>();
  const phraseStarts = new Set<string>();
  for (const category of LEXICON_CATEGORIES) {
    for (const term of file[category]) {
      const words = term.toLowerCase().split(/\s+/);
      if (words.length > 1) phraseStarts.add(words[0] as string);
      const key = words.join(' ');
      if (!terms.has(key)) terms.set(key, category);
    }
  }
  return { version: file.version, terms, phraseStarts };
}
