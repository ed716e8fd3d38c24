import { hashText } from './hash-text.js';

/**
 * The simulator's tokenizer: chat-template markers (`<|im_start|>`) are one token each (whitespace
 * before one is a token of its own), runs of
 * letters and digits are cut into pieces of up to eight characters (a leading space belongs to the
 * piece), and every other character is a token of its own. Joining the pieces gives the text back,
 * so streamed deltas add up to the full answer. Counts come out near a real BPE tokenizer's for
 * English prose, which is all the latency model and the context-length checks need.
 */
const TOKEN_PATTERN = /<\|[a-z_]+\|>|\s+(?=<\|[a-z_]+\|>)|\s*[\p{L}\p{N}]{1,8}|\s*[^\s\p{L}\p{N}]|\s+/gu;

/** Size of the simulated vocabulary that token ids are drawn from. */
const VOCABULARY_SIZE = 151_000;
/** Ids below this are left for special tokens, as in real vocabularies. */
const FIRST_ORDINARY_ID = 100;

/** Splits text into token strings; `tokenize(text).join('') === text`. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

/** The token count of a text. */
export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** A stable id for a token string (the same string always gets the same id). */
export function tokenIdOf(token: string): number {
  return FIRST_ORDINARY_ID + (hashText(token) % (VOCABULARY_SIZE - FIRST_ORDINARY_ID));
}

/** Token ids of a text. */
export function tokenIdsOf(text: string): number[] {
  return tokenize(text).map(tokenIdOf);
}
