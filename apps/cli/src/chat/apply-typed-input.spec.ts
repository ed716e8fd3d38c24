import { describe, expect, it } from '@jest/globals';
import { applyTypedInput } from './apply-typed-input.js';

describe('applyTypedInput', () => {
  it('appends plain typing to the line', () => {
    expect(applyTypedInput('wri', 'te')).toEqual({ submitted: [], buffer: 'write' });
  });

  it('submits a line that arrives with its Enter in one chunk, after what was already typed', () => {
    expect(applyTypedInput('', 'what is a BAM file\r')).toEqual({ submitted: ['what is a BAM file'], buffer: '' });
    expect(applyTypedInput('what is ', 'a VCF\r')).toEqual({ submitted: ['what is a VCF'], buffer: '' });
  });

  it('submits each line of a multi-line paste and keeps the unfinished tail', () => {
    expect(applyTypedInput('', 'one\r\ntwo\nthree\rfour')).toEqual({
      submitted: ['one', 'two', 'three'],
      buffer: 'four',
    });
  });
});
