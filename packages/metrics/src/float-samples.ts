/** A growable list of doubles: 8 bytes a value, no per-value object, transferable between threads. */
export class FloatSamples {
  values: Float64Array;
  length = 0;

  constructor(initialCapacity = 256) {
    this.values = new Float64Array(initialCapacity);
  }

  /** Rebuilds a list from another thread's `values` (only the first `length` count). */
  static from(values: Float64Array, length: number): FloatSamples {
    const samples = new FloatSamples(0);
    samples.values = values;
    samples.length = length;
    return samples;
  }

  push(value: number): void {
    if (this.length === this.values.length) this.grow(this.length + 1);
    this.values[this.length] = value;
    this.length += 1;
  }

  private grow(needed: number): void {
    const next = new Float64Array(Math.max(needed, this.values.length * 2, 256));
    next.set(this.values.subarray(0, this.length));
    this.values = next;
  }
}
