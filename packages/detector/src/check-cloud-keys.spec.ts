import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOUD_MODELS, type CloudModel } from '@biopipe/core';
import { checkCloudKeyPresence, verifyCloudKey } from './check-cloud-keys.js';
import { createFakeHttpGet } from './testing/fake-http-get.js';

const SECRET = 'sk-live-DISTINCTIVE-7f3a9c';
const deepseek = DEFAULT_CLOUD_MODELS['deepseek-v3'] as CloudModel;
const claude = DEFAULT_CLOUD_MODELS['claude-3.5-sonnet'] as CloudModel;
const openai = DEFAULT_CLOUD_MODELS['openai-embeddings'] as CloudModel;

describe('checkCloudKeyPresence', () => {
  it('reports present or absent by variable name, never the value; an empty variable is absent', () => {
    const statuses = checkCloudKeyPresence(
      [
        { name: 'deepseek-v3', model: deepseek, used: true },
        { name: 'claude-3.5-sonnet', model: claude, used: true },
        { name: 'openai-embeddings', model: openai, used: false },
      ],
      { DEEPSEEK_API_KEY: SECRET, ANTHROPIC_API_KEY: '' },
    );
    expect(statuses.map((status) => [status.name, status.key, status.reason])).toEqual([
      ['deepseek-v3', 'present', 'DEEPSEEK_API_KEY is set'],
      ['claude-3.5-sonnet', 'absent', 'ANTHROPIC_API_KEY is not set'],
      ['openai-embeddings', 'absent', 'OPENAI_API_KEY is not set'],
    ]);
    expect(JSON.stringify(statuses)).not.toContain(SECRET);
  });
});

describe('verifyCloudKey', () => {
  it('lists models with a bearer token on OpenAI-compatible APIs', async () => {
    const httpGet = createFakeHttpGet({ 'https://api.deepseek.com/models': { status: 200, body: '{"data":[]}' } });
    const result = await verifyCloudKey({
      model: deepseek,
      env: { DEEPSEEK_API_KEY: SECRET },
      timeoutMs: 1000,
      httpGet,
    });
    expect(result).toEqual({ verification: 'valid', reason: 'DEEPSEEK_API_KEY accepted (GET /models returned 200)' });
    expect(httpGet.calls).toEqual([
      { url: 'https://api.deepseek.com/models', headers: { authorization: `Bearer ${SECRET}` } },
    ]);
  });

  it('does not double /v1 when the base URL already has it', async () => {
    const httpGet = createFakeHttpGet({ 'https://api.openai.com/v1/models': { status: 401, body: '' } });
    const result = await verifyCloudKey({ model: openai, env: { OPENAI_API_KEY: SECRET }, timeoutMs: 1000, httpGet });
    expect(result).toEqual({
      verification: 'invalid',
      reason: 'OPENAI_API_KEY rejected (GET /v1/models returned 401)',
    });
  });

  it('uses x-api-key and anthropic-version on Anthropic', async () => {
    const httpGet = createFakeHttpGet({ 'https://api.anthropic.com/v1/models': { status: 200, body: '{}' } });
    expect(
      (await verifyCloudKey({ model: claude, env: { ANTHROPIC_API_KEY: SECRET }, timeoutMs: 1000, httpGet }))
        .verification,
    ).toBe('valid');
    expect(httpGet.calls[0]?.headers).toEqual({ 'x-api-key': SECRET, 'anthropic-version': '2023-06-01' });
  });

  it('reports other statuses as error and network failures or silence as unreachable, without the key', async () => {
    const env = { DEEPSEEK_API_KEY: SECRET };
    const error = await verifyCloudKey({
      model: deepseek,
      env,
      timeoutMs: 1000,
      httpGet: createFakeHttpGet({ 'https://api.deepseek.com/models': { status: 503, body: '' } }),
    });
    expect(error).toEqual({
      verification: 'error',
      reason: 'could not verify DEEPSEEK_API_KEY: GET /models returned 503',
    });
    const refused = await verifyCloudKey({ model: deepseek, env, timeoutMs: 1000, httpGet: createFakeHttpGet({}) });
    expect(refused).toEqual({
      verification: 'unreachable',
      reason: 'could not verify DEEPSEEK_API_KEY: GET api.deepseek.com/models: connection refused (nothing listening)',
    });
    const hanging = await verifyCloudKey({
      model: deepseek,
      env,
      timeoutMs: 50,
      httpGet: createFakeHttpGet({ 'https://api.deepseek.com/models': 'hang' }),
    });
    expect(hanging.verification).toBe('unreachable');
    expect(JSON.stringify([error, refused, hanging])).not.toContain(SECRET);
  });

  it('makes no call without a key', async () => {
    const httpGet = createFakeHttpGet({});
    expect((await verifyCloudKey({ model: deepseek, env: {}, timeoutMs: 1000, httpGet })).verification).toBe('invalid');
    expect(httpGet.calls).toHaveLength(0);
  });
});
