import { describe, expect, it } from '@jest/globals';
import {
  BiopipeError,
  CascadeExhaustedError,
  CloudDisallowedError,
  ContentPolicyViolationError,
  LocalModelUnavailableError,
  SafetyGuardUnavailableError,
  ProviderCallError,
  StreamInterruptedError,
} from '@biopipe/core';
import { GatewayError, describeFailure } from './gateway-errors.js';
import { UnknownTaskError } from './resolve-task.js';

describe('describeFailure', () => {
  it('maps each failure to its status through the one table', () => {
    const cases: [unknown, number, string][] = [
      [
        new UnknownTaskError({ name: 'biopipe:coding', from: 'model', valid: ['biopipe:auto'] }),
        400,
        'unknown_task_type',
      ],
      [new GatewayError('invalid_request', 'bad'), 400, 'invalid_request'],
      [new ContentPolicyViolationError(['S1', 'S9']), 400, 'content_policy_violation'],
      [new SafetyGuardUnavailableError('guard', 'http-503 calling it'), 503, 'no_backend_available'],
      [new GatewayError('unauthorized', 'no key'), 401, 'unauthorized'],
      [new GatewayError('payload_too_large', 'big'), 413, 'payload_too_large'],
      [new CloudDisallowedError('t4_local_only', 'generalist', []), 503, 'cloud_disallowed'],
      [new LocalModelUnavailableError('generalist', []), 503, 'local_model_unavailable'],
      [new CascadeExhaustedError([]), 502, 'cascade_exhausted'],
      [
        new ProviderCallError({
          provider: 'vllm',
          url: 'http://a:1',
          errorClass: 'http-500',
          message: 'boom',
          isRetryable: true,
        }),
        502,
        'provider_call_failed',
      ],
      [new StreamInterruptedError('stream-cut', 'cut'), 502, 'stream_interrupted'],
      [new BiopipeError('aborted', 'gone'), 499, 'aborted'],
      [new Error('surprise'), 500, 'internal'],
    ];
    for (const [error, status, code] of cases) {
      const failure = describeFailure(error);
      expect({ status: failure.status, code: failure.body.error.code }).toEqual({ status, code });
    }
  });

  it('answers in the OpenAI error envelope, with the hint in the message and the field in param', () => {
    const failure = describeFailure(
      new GatewayError('invalid_request', '"stop" must be a string.', { param: 'stop', hint: 'Send "stop": ["\\n"].' }),
    );
    expect(failure.body).toEqual({
      error: {
        message: '"stop" must be a string. Send "stop": ["\\n"].',
        type: 'invalid_request_error',
        param: 'stop',
        code: 'invalid_request',
      },
    });
    const unknown = describeFailure(
      new UnknownTaskError({
        name: 'biopipe:coding',
        from: 'model',
        valid: ['biopipe:auto', 'biopipe:code_generation'],
      }),
    );
    expect(unknown.body.error).toMatchObject({ param: 'model', type: 'invalid_request_error' });
    expect(unknown.body.error.message).toContain('biopipe:auto, biopipe:code_generation');
  });
});
