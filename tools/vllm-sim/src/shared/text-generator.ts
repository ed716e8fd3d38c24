import { hashText } from './hash-text.js';
import { createSeededRandom, type RandomSource } from '@biopipe/core';
import { answerAsLlamaGuard } from './llama-guard-answer.js';
import { tokenize } from './tokenizer.js';

/**
 * How a simulated model makes up its answer:
 * - `echo` repeats the prompt's last user message (tests can assert the content);
 * - `lorem` writes plausible bioinformatics prose, exactly `max_tokens` long when that is given;
 * - `llama-guard` answers as Llama Guard 3 does (`safe`, or `unsafe\nS1,S9`), by keyword lists.
 */
export type GenerationMode = 'echo' | 'lorem' | 'llama-guard';

/** Why a simulated generation ended, in OpenAI/vLLM terms. */
export type GenerationFinishReason = 'stop' | 'length';

/** A made-up answer. */
export interface GeneratedText {
  /** The answer as tokens; joined, they are the answer's text. */
  tokens: string[];
  finishReason: GenerationFinishReason;
  /** The stop string that ended the answer, when one did. */
  stopReason: string | null;
}

/** What `generateText` makes an answer from. */
export interface GenerateTextOptions {
  mode: GenerationMode;
  /** The text `echo` repeats; also seeds `lorem`, so the same prompt gives the same answer. */
  echoText: string;
  /** Upper bound on the answer's tokens; undefined means "as the mode likes" (bounded by `limit`). */
  maxTokens: number | undefined;
  /** Hard cap when `maxTokens` is undefined: the context left after the prompt. */
  limit: number;
  /** Stop strings: the answer ends before the first one found. @default [] */
  stop?: readonly string[];
  /** Extra seed (request `seed`, choice index) mixed into `lorem`. @default 0 */
  seed?: number;
}

/** Words of at most eight letters, so each is exactly one token. */
const WORDS = (
  'the sample reads were aligned to assembly genome and variants called with quality filters ' +
  'signal counts per gene across groups show clear shifts after scaling ' +
  'pipeline runs each step on cluster nodes while metadata tracks inputs outputs versions ' +
  'coverage depth mapping rate repeat fraction adapter content remained within expected ranges'
).split(' ');

/** Default length of a `lorem` answer when the request sets no `max_tokens`. */
const LOREM_NATURAL_TOKENS = 48;

function loremTokens(count: number, random: RandomSource): string[] {
  const tokens: string[] = [];
  let wordsInSentence = 0;
  while (tokens.length < count) {
    const roomForMore = count - tokens.length > 1;
    if (roomForMore && (wordsInSentence >= 14 || (wordsInSentence >= 6 && random() < 0.2))) {
      tokens.push('.');
      wordsInSentence = 0;
      continue;
    }
    if (roomForMore && wordsInSentence >= 3 && random() < 0.06) tokens.push(',');
    const word = WORDS[Math.floor(random() * WORDS.length)] ?? 'data';
    const cased = wordsInSentence === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    tokens.push(tokens.length === 0 ? cased : ` ${cased}`);
    wordsInSentence += 1;
  }
  return tokens.slice(0, count);
}

/** Cuts the answer before the first stop string it contains. */
function applyStop(tokens: string[], stop: readonly string[]): { tokens: string[]; stopReason: string | null } {
  if (stop.length === 0) return { tokens, stopReason: null };
  let text = '';
  for (let index = 0; index < tokens.length; index += 1) {
    text += tokens[index];
    for (const candidate of stop) {
      const at = candidate === '' ? -1 : text.indexOf(candidate);
      if (at >= 0) return { tokens: tokenize(text.slice(0, at)), stopReason: candidate };
    }
  }
  return { tokens, stopReason: null };
}

/** Produces a deterministic answer: the same options always give the same tokens. */
export function generateText(options: GenerateTextOptions): GeneratedText {
  const cap = Math.max(0, Math.min(options.maxTokens ?? options.limit, options.limit));
  let tokens: string[];
  let natural: boolean;
  if (options.mode === 'echo' || options.mode === 'llama-guard') {
    const echoed = tokenize(options.mode === 'echo' ? options.echoText : answerAsLlamaGuard(options.echoText));
    tokens = echoed.slice(0, cap);
    natural = echoed.length <= cap;
  } else {
    const random = createSeededRandom(hashText(options.echoText) ^ (options.seed ?? 0));
    const wanted = options.maxTokens === undefined ? Math.min(LOREM_NATURAL_TOKENS, cap) : cap;
    tokens = loremTokens(Math.max(0, wanted - 1), random);
    if (wanted > 0) tokens.push('.');
    natural = options.maxTokens === undefined;
  }
  const stopped = applyStop(tokens, options.stop ?? []);
  if (stopped.stopReason !== null)
    return { tokens: stopped.tokens, finishReason: 'stop', stopReason: stopped.stopReason };
  return { tokens, finishReason: natural ? 'stop' : 'length', stopReason: null };
}
