import { describe, expect, it } from '@jest/globals';
import { formatLlamaGuardPrompt, parseLlamaGuardAnswer } from './llama-guard-format.js';

describe('Llama Guard 3 format', () => {
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

  it.each([
    ['safe', { verdict: 'safe' }],
    ['  safe\n', { verdict: 'safe' }],
    ['unsafe\nS1,S10', { verdict: 'unsafe', categories: ['S1', 'S10'] }],
    ['unsafe\r\nS9, S9', { verdict: 'unsafe', categories: ['S9'] }],
  ])('parses %j', (text, verdict) => {
    expect(parseLlamaGuardAnswer(text)).toEqual(verdict);
  });

  it.each([
    '',
    'Safe',
    'safe.',
    'safe\nS1',
    'unsafe',
    'unsafe\n',
    'unsafe\nS15',
    'unsafe\nviolence',
    'unsafe\nS1\nS2',
    'The prompt is safe',
  ])('treats %j as no answer (the guard is unavailable), never as safe', (text) => {
    expect(parseLlamaGuardAnswer(text)).toBeUndefined();
  });
});
