import { describe, expect, it } from '@jest/globals';
import { redactSecrets, redactUrl } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes bearer tokens, provider keys and key=value credentials', () => {
    const text = redactSecrets(
      '401 from https://api.example.test: Authorization: Bearer abc.DEF-123 key sk-live_1234567890abcdef api_key=hunter22 ok',
    );
    expect(text).not.toMatch(/abc\.DEF-123|sk-live_1234567890abcdef|hunter22/);
    expect(text).toContain('401 from https://api.example.test');
  });

  it('removes the userinfo of every URL, keeping the rest readable', () => {
    expect(redactSecrets('connect ECONNREFUSED http://alice:s3cr%40t@gpu-01:8001/v1 and https://tok@h.example/')).toBe(
      'connect ECONNREFUSED http://gpu-01:8001/v1 and https://h.example/',
    );
    expect(redactSecrets('"url":"http://user:pw@[::1]:8001"')).toBe('"url":"http://[::1]:8001"');
  });

  it('removes header, JSON and query-string credentials and known secret values', () => {
    const text = redactSecrets(
      'x-api-key: abcd1234 {"password": "p4ss"} ?access_token=tok123&x=1 authorization: Basic dXNlcjpwYXNz secret=s1 MYKEYVALUE',
      { secrets: ['MYKEYVALUE', 'ab'] },
    );
    expect(text).not.toMatch(/abcd1234|p4ss|tok123|dXNlcjpwYXNz|s1 |MYKEYVALUE/);
    expect(text).toContain('&x=1');
  });

  it('leaves ordinary messages alone', () => {
    for (const message of [
      'connect ECONNREFUSED 127.0.0.1:8002',
      'http://gpu-01:8001: no token within 300 ms.',
      'max_tokens: 4096 is more than the context of qwen (4096)',
      'mailto user@example.org',
      'Basic statistics for RNA-seq',
      'bearer key required',
    ])
      expect(redactSecrets(message)).toBe(message);
  });
});

describe('redactUrl', () => {
  it('drops userinfo, query and the trailing slash', () => {
    expect(redactUrl('http://u:p@gpu-01:8001/v1/?api_key=x#f')).toBe('http://gpu-01:8001/v1');
    expect(redactUrl('not a url u:p@x')).toBe('<invalid URL>');
  });
});
