import { describe, expect, it } from '@jest/globals';
import { formatLlamaGuardPrompt } from './llama-guard-format.js';

describe('Llama Guard 3 prompt format', () => {
  it('puts the user and agent turns between the markers, leaving out the system prompt', () => {
    const prompt = formatLlamaGuardPrompt([
      { role: 'system', content: 'You are a bioinformatics assistant.' },
      { role: 'user', content: 'Plan an RNA-seq run' },
      { role: 'assistant', content: 'Use STAR.' },
      { role: 'user', content: 'And then?' },
    ]);
    expect(prompt).toContain(
      '<BEGIN CONVERSATION>\n\nUser: Plan an RNA-seq run\n\nAgent: Use STAR.\n\nUser: And then?\n\n<END CONVERSATION>',
    );
    expect(prompt).toContain('S9: Indiscriminate Weapons.');
    expect(prompt).not.toContain('bioinformatics assistant');
  });
});
