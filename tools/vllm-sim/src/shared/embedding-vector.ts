import { hashText } from './hash-text.js';
import { createSeededRandom } from '@biopipe/core';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}_+-]*/gu;

/**
 * A deterministic unit vector for a text: a feature-hashed bag of words (each lower-cased word adds
 * ±1 at a hashed position, the sign from a second hash), so the cosine similarity of two texts
 * grows with the words they share, as a real embedding model's does with shared meaning; no model.
 * A text without words (empty, punctuation) gets a vector seeded by its hash instead.
 */
export function createEmbeddingVector(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  let words = 0;
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const hash = hashText(match[0]);
    const sign = hashText(match[0], 0x9747b28c) & 1 ? 1 : -1;
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + sign;
    words += 1;
  }
  if (words === 0) {
    const random = createSeededRandom(hashText(text));
    for (let index = 0; index < dimensions; index += 1) vector[index] = random() * 2 - 1;
  }
  let squares = 0;
  for (const value of vector) squares += value * value;
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
