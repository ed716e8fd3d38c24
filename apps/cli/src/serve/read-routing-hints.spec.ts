import { describe, expect, it } from '@jest/globals';
import { readRoutingHints } from './read-routing-hints.js';

describe('readRoutingHints', () => {
  it('asks for nothing when the client sends nothing, so its own system prompt stays as sent', () => {
    expect(readRoutingHints({}, { model: 'biopipe:auto' })).toEqual({ session: undefined, template: undefined });
  });

  it('takes the session from x-biopipe-session, else from OpenAI user, and the template from its header', () => {
    expect(readRoutingHints({ 'x-biopipe-session': ' s-1 ' }, { user: 'alice' })).toEqual({
      session: 's-1',
      template: undefined,
    });
    expect(readRoutingHints({ 'x-biopipe-template': 'workflow-code' }, { user: 'alice' })).toEqual({
      session: 'alice',
      template: 'workflow-code',
    });
    expect(readRoutingHints({ 'x-biopipe-template': 'none' }, {}).template).toBe('none');
  });

  it.each([
    [{ 'x-biopipe-template': '../../etc/passwd' }, {}, 'x-biopipe-template must be a template name'],
    [{ 'x-biopipe-session': 'x'.repeat(257) }, {}, 'at most 256 are accepted'],
    [{}, { user: 42 }, 'user must be a string'],
  ])('refuses %j %j with a 400 that says what to send', (headers, body, message) => {
    expect(() => readRoutingHints(headers, body)).toThrow(message);
  });
});
