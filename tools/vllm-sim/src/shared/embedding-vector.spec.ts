import { describe, expect, it } from '@jest/globals';
import { createEmbeddingVector, encodeEmbeddingBase64 } from './embedding-vector.js';

describe('createEmbeddingVector', () => {
  it('is a unit vector of the asked size, the same for the same text', () => {
    const vector = createEmbeddingVector('BRCA1 variant', 1024);
    expect(vector).toHaveLength(1024);
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(createEmbeddingVector('BRCA1 variant', 1024)).toEqual(vector);
    expect(createEmbeddingVector('TP53 variant', 1024)).not.toEqual(vector);
  });

  it('encodes base64 as little-endian float32', () => {
    const vector = createEmbeddingVector('x', 4);
    const bytes = Buffer.from(encodeEmbeddingBase64(vector), 'base64');
    expect(bytes.readFloatLE(4)).toBeCloseTo(vector[1] ?? Number.NaN, 6);
  });
});
