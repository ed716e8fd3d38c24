import { redactSecrets, type CloudModel, type Environment } from '@biopipe/core';
import { describeNetworkError } from './describe-network-error.js';
import { httpGet as defaultHttpGet, type HttpGet } from './http-get.js';
import type { CloudApiStatus, CloudModelEntry, KeyVerification } from './resource-status.js';

/** The key of a cloud model, when its variable is set and not empty. Stays inside this package's calls. */
function readKey(model: CloudModel, env: Environment): string | undefined {
  const value = env[model.api_key_env];
  return value === undefined || value === '' ? undefined : value;
}

/** Whether each model's key variable is set. Reports the variable's name, never its value. */
export function checkCloudKeyPresence(models: readonly CloudModelEntry[], env: Environment): CloudApiStatus[] {
  return models.map(({ name, model, used }) => {
    const present = readKey(model, env) !== undefined;
    return {
      name,
      provider: model.provider,
      kind: model.kind,
      api_key_env: model.api_key_env,
      key: present ? 'present' : 'absent',
      used,
      verification: null,
      reason: present ? `${model.api_key_env} is set` : `${model.api_key_env} is not set`,
    };
  });
}

export interface VerifyCloudKeyOptions {
  model: CloudModel;
  env: Environment;
  timeoutMs: number;
  httpGet?: HttpGet;
}

/**
 * The cheapest authenticated call each provider has: list models. OpenAI-compatible APIs (DeepSeek,
 * OpenAI) answer `GET {base_url}/models` with `Authorization: Bearer`; Anthropic answers
 * `GET {base_url}/v1/models` with `x-api-key` and `anthropic-version` (PROTOCOLS.md §4–§5).
 */
function modelsRequest(model: CloudModel, key: string): { url: string; headers: Record<string, string> } {
  const base = model.base_url.replace(/\/+$/, '');
  switch (model.provider) {
    case 'openai-compatible':
      return { url: `${base}/models`, headers: { authorization: `Bearer ${key}` } };
    case 'anthropic':
      return {
        url: `${base.replace(/\/v1$/, '')}/v1/models`,
        headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      };
  }
}

/** Makes one authenticated call and says whether the key works. The reason never holds the key. */
export async function verifyCloudKey(
  options: VerifyCloudKeyOptions,
): Promise<{ verification: KeyVerification; reason: string }> {
  const key = readKey(options.model, options.env);
  if (key === undefined) return { verification: 'invalid', reason: `${options.model.api_key_env} is not set` };
  const request = modelsRequest(options.model, key);
  const path = new URL(request.url).pathname;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await (options.httpGet ?? defaultHttpGet)(request.url, { signal, headers: request.headers });
    if (response.status >= 200 && response.status <= 299)
      return {
        verification: 'valid',
        reason: `${options.model.api_key_env} accepted (GET ${path} returned ${response.status})`,
      };
    if (response.status === 401 || response.status === 403) {
      return {
        verification: 'invalid',
        reason: `${options.model.api_key_env} rejected (GET ${path} returned ${response.status})`,
      };
    }
    return {
      verification: 'error',
      reason: `could not verify ${options.model.api_key_env}: GET ${path} returned ${response.status}`,
    };
  } catch (error) {
    // Socket errors do not quote headers, but a reason must never carry the key, so make sure of it.
    const what = signal.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : redactSecrets(describeNetworkError(error).description, { secrets: [key] });
    return {
      verification: 'unreachable',
      reason: `could not verify ${options.model.api_key_env}: GET ${new URL(request.url).host}${path}: ${what}`,
    };
  }
}
