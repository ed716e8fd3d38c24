import { hashNumbers } from '../shared/hash-text.js';

/**
 * vLLM's automatic prefix caching, reduced to its effect: prompts are cut into full blocks of
 * `blockSize` tokens, each block keyed by a hash chained over every block before it, so a block
 * matches only when the whole prefix up to it matches. Cached tokens skip prefill. Least recently
 * used blocks go first when the cache is full.
 */
export class PrefixCache {
  /** Block hash -> present; Map order is recency order (oldest first). */
  private readonly blocks = new Map<number, true>();

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

  private evict(): void {
    while (this.blocks.size > this.capacityBlocks) {
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
