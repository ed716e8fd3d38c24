import { hashText } from './hash-text.js';
import { createSeededRandom } from '@biopipe/core';

/**
 * A deterministic unit vector for a text: the same text always gives the same vector, different
 * texts give (almost surely) different ones. Values come from a generator seeded with the text's hash.
 */
export function createEmbeddingVector(text: string, dimensions: number): Float32Array {
  const random = createSeededRandom(hashText(text));
  const vector = new Float32Array(dimensions);
  let squares = 0;
  for (let index = 0; index < dimensions; index += 1) {
    const value = random() * 2 - 1;
    vector[index] = value;
    squares += value * value;
  }
  const norm = Math.sqrt(squares) || 1;
  for (let index = 0; index < dimensions; index += 1) vector[index] = (vector[index] ?? 0) / norm;
  return vector;
}

/** Encodes a vector as the OpenAI API does for `encoding_format: "base64"`: little-endian float32 bytes. */
export function encodeEmbeddingBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/** The vector in the requested wire encoding. */
export function encodeEmbedding(vector: Float32Array, encoding: 'float' | 'base64'): number[] | string {
  return encoding === 'base64' ? encodeEmbeddingBase64(vector) : Array.from(vector);
}
