/** 32-bit FNV-1a hash of a string's UTF-16 code units: stable across runs and processes. */
export function hashText(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Mixes a list of 32-bit numbers into one hash, starting from `seed` (used to chain cache blocks). */
export function hashNumbers(numbers: readonly number[], seed: number): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (const value of numbers) {
    hash ^= value;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  }
  return (hash ^ (hash >>> 16)) >>> 0;
}
