import { describe, expect, it } from '@jest/globals';
import { cleanServerMessage } from './clean-server-message.js';
import { parseErrorBody } from './parse-error-response.js';
import { inBandError } from './provider-failures.js';
import { Cancellation } from '../resilience/cancellation.js';

const ENGINE_DEAD = 'EngineCore encountered an issue. See stack trace (above) for the root cause.';

describe('cleanServerMessage', () => {
  it("drops vLLM's pointer to a stack trace the reader cannot see, and keeps the rest", () => {
    expect(cleanServerMessage(ENGINE_DEAD)).toBe('EngineCore encountered an issue.');
    expect(cleanServerMessage('The model is overloaded.')).toBe('The model is overloaded.');
    expect(cleanServerMessage(undefined)).toBeUndefined();
  });

  it('applies to error bodies and to errors inside a stream', () => {
    expect(
      parseErrorBody(JSON.stringify({ error: { message: ENGINE_DEAD, type: 'InternalServerError' } })),
    ).toMatchObject({ message: 'EngineCore encountered an issue.' });
    const error = inBandError(
      { provider: 'vllm', endpoint: 'http://127.0.0.1:8001', signal: new Cancellation() },
      ENGINE_DEAD,
      'InternalServerError',
    );
    expect(error.message).toBe(
      'http://127.0.0.1:8001 reported an error mid-stream: InternalServerError: EngineCore encountered an issue.',
    );
    expect(error.message).not.toMatch(/stack trace/);
  });
});
