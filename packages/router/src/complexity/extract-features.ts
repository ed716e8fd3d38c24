import { LEXICON_CATEGORIES, type Lexicon, type LexiconCategory } from './lexicon.js';

/** Feature names in model order; a weights file lists the ones it was trained on. */
export const FEATURE_NAMES = [
  'length',
  'code',
  'reasoning',
  'multi_step',
  'constraints',
  'questions',
  'sentences',
  'simple',
  ...LEXICON_CATEGORIES,
  'domain_density',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

/**
 * Longest text scored: the first and last half of this many characters. A 1 MB paste is scored in
 * the same bounded time as a 16 KB one; its real length still enters the `length` feature.
 */
export const MAX_SCORED_CHARS = 16_384;
/** Length (characters) at which the `length` feature reaches 1. */
const FULL_LENGTH = 20_000;

// Word-bounded alternations only, no nested quantifiers: each pattern is one linear scan.
const REASONING =
  /\b(?:why|explain|compare|comparison|trade-?offs?|justify|derive|prove|design|architect\w*|optimi[sz]\w*|evaluate|assess|reconcile|account for|robust\w*|pros and cons|best (?:way|approach|practice)|strateg\w+|recommend\w*|interpret\w*|diagnos\w+|debug\w*|troubleshoot\w*|figure out|decide|choose between|rationale|implications?|confound\w*|scal(?:e|able|ing)|benchmark\w*|validat\w+)\b/g;
const MULTI_STEP =
  /\b(?:first|then|after that|afterwards|finally|next|followed by|step \d+|subsequently)\b|^[ \t]*(?:\d+[.)]|[-*•])[ \t]+/gm;
const CONSTRAINTS =
  /\b(?:must|should|without|ensure|make sure|only|at most|at least|no more than|within|keep|handle|support|avoid|each|every|per[- ]sample|reproducib\w+|resum\w+|memory|gb|cpus?|hours?|limit\w*|constraints?|requires?|requirements?|compatible|idempotent|parallel\w*|scatter|fail\w*)\b/g;
const SIMPLE =
  /\b(?:what is|what's|what does|what are|define|stand for|convert|rename|list|show me|print|count|how do i|how to|which (?:command|flag|option|tool)|one-liner|quick\w*|simple|just|single|version of|meaning of|example of)\b/g;
const CODE =
  /```|\bdef \w+\(|\bimport [\w.]+|\bfrom [\w.]+ import\b|\blibrary\([\w.]+\)|\w <- |=>|\bfunction ?\(|\bprocess \w+ ?\{|\brule \w+:|#!\/|\$\{\w|\w\(\w*\)|; *$|^ *[{}] *$|^ {2,}\S/gm;
const SENTENCE_END = /[.!?](?:\s|$)/g;
const WORD = /[a-z0-9][a-z0-9+_-]*/g;

/** n / (n + k): 0 for none, ½ at k, towards 1 for many; keeps every feature in [0, 1). */
const saturate = (count: number, halfAt: number): number => count / (count + halfAt);

function countMatches(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count += 1;
  return count;
}

/** The part of a prompt that is scored: all of it, or its head and tail when it is longer than {@link MAX_SCORED_CHARS}. */
export function boundPrompt(prompt: string): string {
  if (prompt.length <= MAX_SCORED_CHARS) return prompt;
  const half = MAX_SCORED_CHARS / 2;
  return `${prompt.slice(0, half)}\n${prompt.slice(prompt.length - half)}`;
}

/**
 * The complexity features of a prompt, each in [0, 1]: length, code, reasoning and multi-step
 * markers, constraints, questions, and the density of the lexicon's domain terms by category.
 * Pure and local: no network, no state; the text is read, never kept.
 */
export function extractFeatures(prompt: string, lexicon: Lexicon): Features {
  const text = boundPrompt(prompt).toLowerCase();
  const words = text.match(WORD) ?? [];
  const distinct: Record<LexiconCategory, Set<string>> = {
    tools: new Set(),
    formats: new Set(),
    methods: new Set(),
    statistics: new Set(),
    organisms: new Set(),
  };
  let domainHits = 0;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    const next = lexicon.phraseStarts.has(word) ? words[index + 1] : undefined;
    const phrase = next === undefined ? undefined : `${word} ${next}`;
    const phraseCategory = phrase === undefined ? undefined : lexicon.terms.get(phrase);
    if (phraseCategory !== undefined && phrase !== undefined) {
      distinct[phraseCategory].add(phrase);
      domainHits += 1;
      index += 1;
      continue;
    }
    const category = lexicon.terms.get(word);
    if (category !== undefined) {
      distinct[category].add(word);
      domainHits += 1;
    }
  }
  let fences = 0;
  for (let at = text.indexOf('```'); at !== -1; at = text.indexOf('```', at + 3)) fences += 1;
  return {
    length: Math.min(1, Math.log1p(prompt.length) / Math.log1p(FULL_LENGTH)),
    code: saturate(countMatches(CODE, text) + 2 * fences, 3),
    reasoning: saturate(countMatches(REASONING, text), 2),
    multi_step: saturate(countMatches(MULTI_STEP, text), 2),
    constraints: saturate(countMatches(CONSTRAINTS, text), 3),
    questions: saturate(countMatches(/\?/g, text), 2),
    sentences: saturate(countMatches(SENTENCE_END, text), 4),
    simple: saturate(countMatches(SIMPLE, text), 1),
    tools: saturate(distinct.tools.size, 2),
    formats: saturate(distinct.formats.size, 2),
    methods: saturate(distinct.methods.size, 2),
    statistics: saturate(distinct.statistics.size, 2),
    organisms: saturate(distinct.organisms.size, 1),
    domain_density: words.length === 0 ? 0 : Math.min(1, (4 * domainHits) / words.length),
  };
}
