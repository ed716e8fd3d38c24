/** Bytes one index entry costs, measured roughly: a Map slot, a 53-bit number key and a shared URL string. */
export const PREFIX_INDEX_ENTRY_BYTES = 96;

/** What the index knows of one request, per replica URL. */
export interface PrefixMatch {
  /** Replica URL -> leading blocks it served last (the longest matched prefix). */
  blocks: Map<string, number>;
  /** Blocks the request has. */
  total: number;
}

/**
 * Block hash -> the replica that served it last, for one role, bounded by a memory cap with LRU
 * eviction (llm-d keeps one LRU per pod; one shared LRU keeps the cap exact whatever the spread).
 * Hashes are chained, so a replica owning block i saw blocks 0..i: its matched prefix is the last
 * block it owns, even if a shorter shared block was since served elsewhere.
 */
export class PrefixIndex {
  /** Map order is recency order, oldest first. */
  private readonly owners = new Map<number, string>();
  /** Replica URL -> entries it owns, so forgetting a replica that owns nothing costs nothing. */
  private readonly owned = new Map<string, number>();
  readonly maxEntries: number;

  constructor(maxBytes: number) {
    this.maxEntries = Math.max(1, Math.floor(maxBytes / PREFIX_INDEX_ENTRY_BYTES));
  }

  get size(): number {
    return this.owners.size;
  }

  /** Longest matched prefix per replica. Reading does not refresh recency: only serving does. */
  match(hashes: readonly number[]): PrefixMatch {
    const blocks = new Map<string, number>();
    for (let index = 0; index < hashes.length; index += 1) {
      const owner = this.owners.get(hashes[index] as number);
      if (owner !== undefined) blocks.set(owner, index + 1);
    }
    return { blocks, total: hashes.length };
  }

  /** A replica was sent this request: it holds (or will hold) these blocks. */
  record(hashes: readonly number[], url: string): void {
    for (const hash of hashes) {
      const previous = this.owners.get(hash);
      if (previous !== undefined) {
        this.owners.delete(hash);
        this.count(previous, -1);
      }
      this.owners.set(hash, url);
      this.count(url, 1);
    }
    while (this.owners.size > this.maxEntries) {
      const oldest = this.owners.entries().next();
      if (oldest.done === true) break;
      this.owners.delete(oldest.value[0]);
      this.count(oldest.value[1], -1);
    }
  }

  /** Entries a replica owns now. */
  ownedBy(url: string): number {
    return this.owned.get(url) ?? 0;
  }

  private count(url: string, change: number): void {
    const next = (this.owned.get(url) ?? 0) + change;
    if (next === 0) this.owned.delete(url);
    else this.owned.set(url, next);
  }

  /** Drops everything a replica owned (it restarted, or was marked down: its cache is gone). */
  forget(url: string): void {
    if (this.ownedBy(url) === 0) return;
    for (const [hash, owner] of this.owners) if (owner === url) this.owners.delete(hash);
    this.owned.delete(url);
  }
}
