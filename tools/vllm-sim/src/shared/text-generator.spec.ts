import { describe, expect, it } from '@jest/globals';
import { generateText } from './text-generator.js';
import { tokenize } from './tokenizer.js';

describe('generateText', () => {
  it('echoes the text and stops when it fits', () => {
    const answer = generateText({ mode: 'echo', echoText: 'Hello there, world', maxTokens: 10, limit: 100 });
    expect(answer.tokens.join('')).toBe('Hello there, world');
    expect(answer.finishReason).toBe('stop');
  });

  it('cuts an echo at max_tokens and says length', () => {
    const answer = generateText({ mode: 'echo', echoText: 'one two three four', maxTokens: 2, limit: 100 });
    expect(answer.tokens).toEqual(['one', ' two']);
    expect(answer.finishReason).toBe('length');
  });

  it('writes lorem of exactly max_tokens tokens, the same for the same prompt', () => {
    const first = generateText({ mode: 'lorem', echoText: 'prompt', maxTokens: 37, limit: 1000 });
    const again = generateText({ mode: 'lorem', echoText: 'prompt', maxTokens: 37, limit: 1000 });
    expect(first.tokens).toHaveLength(37);
    expect(tokenize(first.tokens.join(''))).toHaveLength(37);
    expect(first.tokens).toEqual(again.tokens);
    expect(first.finishReason).toBe('length');
  });

  it('ends at a stop string and reports it', () => {
    const answer = generateText({
      mode: 'echo',
      echoText: 'alpha beta END gamma',
      maxTokens: undefined,
      limit: 100,
      stop: ['END'],
    });
    expect(answer.tokens.join('')).toBe('alpha beta ');
    expect(answer).toMatchObject({ finishReason: 'stop', stopReason: 'END' });
  });

  it('never goes past the context that is left', () => {
    expect(generateText({ mode: 'lorem', echoText: 'x', maxTokens: undefined, limit: 5 }).tokens).toHaveLength(5);
  });
});
