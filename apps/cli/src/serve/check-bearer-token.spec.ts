import { describe, expect, it } from '@jest/globals';
import { createBearerCheck } from './check-bearer-token.js';

describe('createBearerCheck', () => {
  const key = 'gw-key-Quokka-7781';
  const check = createBearerCheck(key);

  it('accepts the key as a bearer token, any case of the scheme', () => {
    expect(() => check(`Bearer ${key}`)).not.toThrow();
    expect(() => check(`bearer ${key}`)).not.toThrow();
  });

  it('refuses a missing, malformed, shorter, longer or wrong token with 401 and never echoes the key', () => {
    for (const header of [
      undefined,
      '',
      key,
      `Basic ${key}`,
      `Bearer ${key.slice(0, -1)}`,
      `Bearer ${key}x`,
      'Bearer nope',
    ]) {
      let thrown: unknown;
      try {
        check(header);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ gatewayCode: 'unauthorized' });
      expect(
        JSON.stringify({ message: (thrown as Error).message, hint: (thrown as { hint?: string }).hint }),
      ).not.toContain(key);
    }
  });
});
