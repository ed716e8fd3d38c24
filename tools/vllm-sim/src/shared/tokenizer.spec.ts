import { describe, expect, it } from '@jest/globals';
import { countTokens, tokenIdsOf, tokenize } from './tokenizer.js';

describe('tokenize', () => {
  it('gives the text back when the pieces are joined', () => {
    const text = '  Align reads with bwa-mem2, then call variants (GATK 4.5)!\n\nDone.  ';
    expect(tokenize(text).join('')).toBe(text);
  });

  it('keeps a leading space with the word and cuts long words into pieces of eight', () => {
    expect(tokenize('Hello world')).toEqual(['Hello', ' world']);
    expect(tokenize(' internationalization')).toEqual([' internat', 'ionaliza', 'tion']);
  });

  it('counts a chat-template marker as one token', () => {
    expect(tokenize('<|im_start|>user\nhi<|im_end|>\n<|im_start|>')).toEqual([
      '<|im_start|>',
      'user',
      '\nhi',
      '<|im_end|>',
      '\n',
      '<|im_start|>',
    ]);
  });

  it('gives the same ids for the same text and none for an empty text', () => {
    expect(tokenIdsOf('the same text')).toEqual(tokenIdsOf('the same text'));
    expect(countTokens('')).toBe(0);
  });
});
