import type { ChatMessage } from '../providers/provider.js';

/** How a request's leading text is cut into hashed blocks. */
export interface PrefixBlockSettings {
  /** Characters per block: 64 is about 16 tokens, vLLM's default KV block (llm-d's approximate scorer). @default 64 */
  blockChars: number;
  /** Blocks hashed at most; later text only adds the request's own tail. @default 256 */
  maxBlocks: number;
}

export const DEFAULT_PREFIX_BLOCKS: PrefixBlockSettings = { blockChars: 64, maxBlocks: 256 };

/** Separators that cannot appear in ordinary text, so two different message lists never serialise alike. */
const UNIT_SEPARATOR = '\u001f';
const RECORD_SEPARATOR = '\u001e';

/**
 * The one fixed serialisation of a chat request that prefix hashing reads: the model, then every
 * message as `role␟content␞`, whole conversation included (a later turn extends the prefix the
 * replica already holds). A change in an early byte changes every block after it, as in vLLM.
 */
export function serializeForPrefix(model: string, messages: readonly ChatMessage[]): string {
  let text = model + RECORD_SEPARATOR;
  for (const message of messages) text += message.role + UNIT_SEPARATOR + message.content + RECORD_SEPARATOR;
  return text;
}

/** 2^21: shifts the first 32-bit half so the two halves make one 53-bit safe integer. */
const HIGH_SHIFT = 2 ** 21;

/**
 * Chained block hashes of a text: block i's hash covers block i and, through its parent, every block
 * before it, so owning hash i means having seen the whole prefix up to block i. Only full blocks are
 * hashed (vLLM caches only full blocks). Two independent 32-bit FNV-1a passes make a 53-bit key, so a
 * collision between a fleet's indexed blocks is negligible.
 */
export function hashPrefixBlocks(text: string, settings: PrefixBlockSettings = DEFAULT_PREFIX_BLOCKS): number[] {
  const hashes: number[] = [];
  const blocks = Math.min(Math.floor(text.length / settings.blockChars), settings.maxBlocks);
  let high = 0x811c9dc5;
  let low = 0x01000193 ^ 0x9e3779b9;
  for (let block = 0; block < blocks; block += 1) {
    const start = block * settings.blockChars;
    for (let index = start; index < start + settings.blockChars; index += 1) {
      const code = text.charCodeAt(index);
      high = Math.imul(high ^ code, 0x01000193) >>> 0;
      low = Math.imul(low ^ code, 0x5bd1e995);
    }
    // FNV's low bits mix poorly: fold the high bits down once per block, not per character.
    low = Math.imul(low ^ (low >>> 15), 0x2c1b3c6d) >>> 0;
    hashes.push(high * HIGH_SHIFT + (low >>> 11));
  }
  return hashes;
}
