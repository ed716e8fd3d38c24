import { createHash } from 'node:crypto';

/**
 * Unit vectors of prompts by a hash of (model, text), least recently used evicted first, capped in
 * entries. Only the hash is kept, never the text; vectors are Float32 (a 1024-d one is 4 KB, so the
 * default 1024 entries hold about 4 MB).
 */
export class EmbeddingCache {
  /** Map order is recency order, oldest first. */
  private readonly entries = new Map<string, Float32Array>();

  constructor(private readonly maxEntries = 1024) {}

  static keyOf(model: string, text: string): string {
    return createHash('sha256').update(model).update('\u0000').update(text).digest('base64');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Float32Array | undefined {
    const vector = this.entries.get(key);
    if (vector === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, vector);
    return vector;
  }

  clear(): void {
    this.entries.clear();
  }

  set(key: string, vector: Float32Array): void {
    this.entries.delete(key);
    this.entries.set(key, vector);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}

/** The vector scaled to length 1 (cosine becomes a dot product); a zero vector stays zero. */
export function toUnitVector(values: readonly number[]): Float32Array {
  let squares = 0;
  for (const value of values) squares += value * value;
  const norm = Math.sqrt(squares) || 1;
  return Float32Array.from(values, (value) => value / norm);
}

/** The largest dot product of `vector` with any of `bank` (cosine, for unit vectors). */
export function bestSimilarity(vector: Float32Array, bank: readonly Float32Array[]): number {
  let best = -1;
  for (const other of bank) {
    let dot = 0;
    for (let index = 0; index < vector.length; index += 1) dot += (vector[index] as number) * (other[index] as number);
    if (dot > best) best = dot;
  }
  return best;
}
