import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayError } from './gateway-errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Returns a check of `Authorization: Bearer <key>` against the gateway key. Both sides are hashed
 * first, so `timingSafeEqual` always compares two 32-byte digests: neither the key's length nor its
 * prefix leaks through timing. The key is held only as its digest and appears in no message.
 */
export function createBearerCheck(key: string): (authorization: string | undefined) => void {
  const expected = digest(key);
  return (authorization) => {
    const match = authorization === undefined ? null : /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization);
    const given = match?.[1];
    if (given === undefined) {
      throw new GatewayError('unauthorized', 'Missing bearer token: this gateway requires a key.', {
        hint: 'Send "Authorization: Bearer <key>" with the value of BIOPIPELINES_GATEWAY_KEY (the OpenAI SDKs send their apiKey that way).',
      });
    }
    if (!timingSafeEqual(digest(given), expected)) {
      throw new GatewayError('unauthorized', 'Invalid bearer token.', {
        hint: 'Use the key the gateway was started with (BIOPIPELINES_GATEWAY_KEY).',
      });
    }
  };
}
