import { describe, expect, it } from '@jest/globals';
import { LLAMA_GUARD_CATEGORIES, parseLlamaGuardAnswer } from '@biopipe/core';
import { LLAMA_GUARD_KEYWORDS, answerAsLlamaGuard } from './llama-guard-answer.js';

// The simulated guard must answer exactly what the router's strict parser accepts: an answer it
// cannot parse counts as the guard being down, which would hide a blocking bug behind fail_closed.
describe('the simulated Llama Guard answers', () => {
  it('lists keywords only under the categories Llama Guard 3 knows, and for each of them', () => {
    expect(Object.keys(LLAMA_GUARD_KEYWORDS)).toEqual(Object.keys(LLAMA_GUARD_CATEGORIES));
  });

  it.each(Object.entries(LLAMA_GUARD_KEYWORDS))('answers a %s keyword in a form the router parses', (code, words) => {
    expect(parseLlamaGuardAnswer(answerAsLlamaGuard(`User: ${words[0] ?? ''}`))).toEqual({
      verdict: 'unsafe',
      categories: [code],
    });
  });

  it('answers a harmless prompt as safe', () => {
    expect(parseLlamaGuardAnswer(answerAsLlamaGuard('User: align reads with BWA-MEM'))).toEqual({ verdict: 'safe' });
  });
});
