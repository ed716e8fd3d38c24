import { describe, expect, it } from '@jest/globals';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes bearer tokens, provider keys and key=value credentials', () => {
    const text = redactSecrets(
      '401 from https://api.example.test: Authorization: Bearer abc.DEF-123 key sk-live_1234567890abcdef api_key=hunter22 ok',
    );
    expect(text).not.toMatch(/abc\.DEF-123|sk-live_1234567890abcdef|hunter22/);
    expect(text).toContain('[redacted]');
    expect(text).toContain('401 from https://api.example.test');
  });

  it('leaves ordinary messages alone', () => {
    expect(redactSecrets('connect ECONNREFUSED 127.0.0.1:8002')).toBe('connect ECONNREFUSED 127.0.0.1:8002');
  });
});
