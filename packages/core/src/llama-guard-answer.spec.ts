import { describe, expect, it } from '@jest/globals';
import {
  LLAMA_GUARD_CATEGORIES,
  formatLlamaGuardAnswer,
  parseLlamaGuardAnswer,
  type LlamaGuardVerdict,
} from './llama-guard-answer.js';

describe('Llama Guard 3 answer format', () => {
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

  it.each<[LlamaGuardVerdict, string]>([
    [{ verdict: 'safe' }, 'safe'],
    [{ verdict: 'unsafe', categories: ['S9'] }, 'unsafe\nS9'],
    [{ verdict: 'unsafe', categories: ['S1', 'S10'] }, 'unsafe\nS1,S10'],
  ])('writes %j as the guard does, and reads it back', (verdict, text) => {
    expect(formatLlamaGuardAnswer(verdict)).toBe(text);
    expect(parseLlamaGuardAnswer(formatLlamaGuardAnswer(verdict))).toEqual(verdict);
  });

  it('knows the fourteen categories of the model card', () => {
    expect(Object.keys(LLAMA_GUARD_CATEGORIES)).toEqual(Array.from({ length: 14 }, (_, index) => `S${index + 1}`));
  });
});
