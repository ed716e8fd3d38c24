import { describe, expect, it } from '@jest/globals';
import { FEATURE_NAMES, MAX_SCORED_CHARS, boundPrompt, extractFeatures, type Features } from './extract-features.js';
import { createLexicon } from './lexicon.js';

const lexicon = createLexicon({
  version: 1,
  tools: ['fastqc', 'salmon', 'trim galore'],
  formats: ['fastq', 'bam'],
  methods: ['batch correction', 'alignment'],
  statistics: ['fdr'],
  organisms: ['human'],
});

function expectBounded(features: Features): void {
  for (const name of FEATURE_NAMES) {
    expect(Number.isFinite(features[name])).toBe(true);
    expect(features[name]).toBeGreaterThanOrEqual(0);
    expect(features[name]).toBeLessThanOrEqual(1);
  }
}

describe('extractFeatures', () => {
  it('counts distinct domain terms by category, two-word terms included, across dots in file names', () => {
    const features = extractFeatures(
      'Run FastQC and Trim Galore on reads.fastq.gz, then salmon; fastqc again.',
      lexicon,
    );
    const single = extractFeatures('Run FastQC on my files.', lexicon);
    expect(features.tools).toBeCloseTo(3 / 5); // fastqc, trim galore, salmon: distinct, n / (n + 2)
    expect(features.formats).toBeCloseTo(1 / 3);
    expect(single.tools).toBeCloseTo(1 / 3);
    expect(features.multi_step).toBeGreaterThan(0);
    expect(single.multi_step).toBe(0);
  });

  it('sees code, reasoning, constraints and questions', () => {
    const code = extractFeatures('```python\ndef gc(seq):\n    return seq.count("G")\n```', lexicon);
    const prose = extractFeatures(
      'Compare the two designs and explain why one must handle each batch. Why? How?',
      lexicon,
    );
    expect(code.code).toBeGreaterThan(0.5);
    expect(prose.code).toBe(0);
    expect(prose.reasoning).toBeGreaterThan(0.5);
    expect(prose.constraints).toBeGreaterThan(0);
    expect(prose.questions).toBeCloseTo(2 / 4);
  });

  it('scores the empty prompt, non-English text and code only, within [0, 1]', () => {
    const empty = extractFeatures('', lexicon);
    expectBounded(empty);
    expect(Object.values(empty).every((value) => value === 0)).toBe(true);
    expectBounded(extractFeatures('Предложите план анализа данных секвенирования РНК 测序数据分析流程设计', lexicon));
    expectBounded(extractFeatures('for (;;) { x[i] = y[j] ?? z; } // ;;;{{{}}}\n'.repeat(500), lexicon));
  });

  it('reads only the head and tail of a 1 MB prompt, while its length still counts', () => {
    const middle = 'x '.repeat(512 * 1024);
    const prompt = `Run FastQC. ${middle}`;
    expect(boundPrompt(prompt).length).toBe(MAX_SCORED_CHARS + 1);
    const hidden = extractFeatures(`${'a '.repeat(MAX_SCORED_CHARS)}salmon${'b '.repeat(MAX_SCORED_CHARS)}`, lexicon);
    expect(hidden.tools).toBe(0);
    const tail = extractFeatures(`${middle} salmon`, lexicon);
    expect(tail.tools).toBeGreaterThan(0);
    expect(tail.length).toBe(1);
    expectBounded(tail);
  });
});
