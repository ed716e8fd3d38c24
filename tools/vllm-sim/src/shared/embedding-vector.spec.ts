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

  it('is a bag of words: cosine similarity grows with shared words, word order does not matter', () => {
    const cosine = (left: string, right: string): number => {
      const a = createEmbeddingVector(left, 1024);
      const b = createEmbeddingVector(right, 1024);
      return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
    };
    const query = 'design a multi-cohort RNA-seq integration with batch correction';
    expect(cosine(query, 'RNA-seq integration of several cohorts with batch correction')).toBeGreaterThan(
      cosine(query, 'run FastQC on my FASTQ files'),
    );
    expect(cosine('run FastQC on my files', 'Run fastqc ON MY files')).toBeCloseTo(1, 5);
    expect(cosine('BRCA1 variant', 'variant BRCA1')).toBeCloseTo(1, 5);
    expect(cosine('alpha beta gamma', 'delta epsilon zeta')).toBeLessThan(0.2);
    for (const text of ['', '?!', '测序 数据']) {
      const vector = createEmbeddingVector(text, 64);
      expect(Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 5);
    }
  });

  it('encodes base64 as little-endian float32', () => {
    const vector = createEmbeddingVector('x', 4);
    const bytes = Buffer.from(encodeEmbeddingBase64(vector), 'base64');
    expect(bytes.readFloatLE(4)).toBeCloseTo(vector[1] ?? Number.NaN, 6);
  });
});
