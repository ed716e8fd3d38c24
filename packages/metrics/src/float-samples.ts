import type { SampleRun } from './select-percentiles.js';

/**
 * A growable list of doubles: 8 bytes a value, no per-value object. Plain data, so an accumulator
 * holding it crosses threads by structured clone as it is.
 */
export type FloatSamples = SampleRun;

export function createFloatSamples(initialCapacity = 256): FloatSamples {
  return { values: new Float64Array(initialCapacity), length: 0 };
}

export function pushSample(samples: FloatSamples, value: number): void {
  if (samples.length === samples.values.length) {
    const next = new Float64Array(Math.max(samples.length * 2, 256));
    next.set(samples.values.subarray(0, samples.length));
    samples.values = next;
  }
  samples.values[samples.length] = value;
  samples.length += 1;
  samples.sorted = false;
}

/** Sorts the values in place (and says so: percentiles of sorted runs need no pass over them). */
export function sortSamples(samples: FloatSamples): void {
  samples.values.subarray(0, samples.length).sort();
  samples.sorted = true;
}
