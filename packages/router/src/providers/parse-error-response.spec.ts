import { describe, expect, it } from '@jest/globals';
import { parseErrorBody, parseErrorResponse } from './parse-error-response.js';

const base = { provider: 'vllm' as const, endpoint: 'http://gpu-1:8001', headers: {}, now: 0 };

describe('parseErrorBody', () => {
  it('reads vLLM ≤ 0.10.0 flat errors', () => {
    expect(
      parseErrorBody('{"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400}'),
    ).toEqual({ message: 'bad', type: 'BadRequestError', param: undefined });
  });
  it('reads vLLM ≥ 0.10.1, OpenAI and DeepSeek nested errors', () => {
    expect(
      parseErrorBody(
        '{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","param":"model","code":404}}',
      ),
    ).toEqual({
      message: 'The model `x` does not exist.',
      type: 'NotFoundError',
      param: 'model',
    });
  });
  it('reads Anthropic errors and the vLLM auth string', () => {
    expect(
      parseErrorBody('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}')
        .message,
    ).toBe('Overloaded');
    expect(parseErrorBody('{"error":"Unauthorized"}').message).toBe('Unauthorized');
  });
  it('keeps a short plain-text body and survives garbage', () => {
    expect(parseErrorBody('Bad Gateway').message).toBe('Bad Gateway');
    expect(parseErrorBody('null').message).toBeUndefined();
    expect(parseErrorBody('').message).toBeUndefined();
  });
});

describe('parseErrorResponse', () => {
  it('classes a 400 about the context length, not retryable', () => {
    const error = parseErrorResponse({
      ...base,
      status: 400,
      body: '{"error":{"message":"This model\'s maximum context length is 4096 tokens. However, your request has 5000 input tokens.","type":"BadRequestError","param":"input_tokens","code":400}}',
    });
    expect(error).toMatchObject({ errorClass: 'context-length', isRetryable: false, status: 400 });
  });
  it('does not retry 401, 402 and 422', () => {
    for (const [status, errorClass] of [
      [401, 'auth'],
      [402, 'insufficient-balance'],
      [422, 'invalid-parameters'],
    ] as const) {
      expect(parseErrorResponse({ ...base, status, body: '{"error":{"message":"no"}}' })).toMatchObject({
        errorClass,
        isRetryable: false,
      });
    }
  });
  it('retries 408, 409, 429, 5xx and 529, honouring Retry-After', () => {
    for (const status of [408, 409, 429, 500, 503, 529]) {
      expect(parseErrorResponse({ ...base, status, body: '' })).toMatchObject({
        errorClass: `http-${status}`,
        isRetryable: true,
      });
    }
    expect(parseErrorResponse({ ...base, status: 429, headers: { 'retry-after': '2' }, body: '' }).retryAfterMs).toBe(
      2000,
    );
  });
  it('treats a 404 about the model as a wrong model, retryable elsewhere', () => {
    expect(
      parseErrorResponse({
        ...base,
        status: 404,
        body: '{"error":{"message":"The model `qwen` does not exist.","param":"model"}}',
      }),
    ).toMatchObject({ errorClass: 'wrong-model', isRetryable: true });
    expect(parseErrorResponse({ ...base, status: 404, body: 'Not Found' })).toMatchObject({
      errorClass: 'http-404',
      isRetryable: false,
    });
  });
});
