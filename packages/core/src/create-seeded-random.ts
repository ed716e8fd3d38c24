/** A function returning uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * A small deterministic generator (mulberry32): the same seed gives the same sequence, so simulated
 * jitter, fault fractions, generated text and test records repeat from run to run. Not for secrets.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
