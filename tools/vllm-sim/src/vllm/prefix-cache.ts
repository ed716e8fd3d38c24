import { hashNumbers } from '../shared/hash-text.js';

/**
 * vLLM's automatic prefix caching, reduced to its effect: prompts are cut into full blocks of
 * `blockSize` tokens, each block keyed by a hash chained over every block before it, so a block
 * matches only when the whole prefix up to it matches. Cached tokens skip prefill. Least recently
 * used blocks go first when the cache is full. The cache lives in the KV blocks that running
 * requests do not hold: their generated tokens' blocks are reserved, so a busy replica keeps fewer
 * prefixes (vLLM evicts only blocks no running request references).
 */
export class PrefixCache {
  /** Block hash -> present; Map order is recency order (oldest first). */
  private readonly blocks = new Map<number, true>();
  /** Blocks held by running requests beyond their cached prompts. */
  private reservedBlocks = 0;

  constructor(
    readonly blockSize: number,
    readonly capacityBlocks: number,
  ) {}

  /**
   * Looks a prompt up and stores its blocks. Returns how many leading tokens were already cached.
   * At least one token is always computed (vLLM recomputes the last token of a fully cached prompt).
   */
  lookupAndStore(tokenIds: readonly number[]): number {
    let parent = 0;
    let cachedBlocks = 0;
    let stillMatching = true;
    const fullBlocks = Math.floor(tokenIds.length / this.blockSize);
    for (let block = 0; block < fullBlocks; block += 1) {
      const start = block * this.blockSize;
      parent = hashNumbers(tokenIds.slice(start, start + this.blockSize), parent);
      if (stillMatching && this.blocks.has(parent)) {
        cachedBlocks += 1;
        this.blocks.delete(parent);
      } else {
        stillMatching = false;
      }
      this.blocks.set(parent, true);
    }
    this.evict();
    const cached = cachedBlocks * this.blockSize;
    return Math.min(cached, Math.max(tokenIds.length - 1, 0));
  }

  /** A running request takes `count` blocks for what it generates; cached prefixes make room. */
  reserve(count: number): void {
    this.reservedBlocks += count;
    this.evict();
  }

  /** The request ended: its generated tokens' blocks are free again. */
  release(count: number): void {
    this.reservedBlocks = Math.max(0, this.reservedBlocks - count);
  }

  private evict(): void {
    const room = Math.max(0, this.capacityBlocks - this.reservedBlocks);
    while (this.blocks.size > room) {
      const oldest = this.blocks.keys().next();
      if (oldest.done === true) return;
      this.blocks.delete(oldest.value);
    }
  }

  /** Blocks held now. */
  get size(): number {
    return this.blocks.size;
  }

  clear(): void {
    this.blocks.clear();
  }
}
