import { createEmbeddingVector, encodeEmbedding } from '../shared/embedding-vector.js';
import { SimHttpError, sendJson } from '../shared/http-io.js';
import { countTokens } from '../shared/tokenizer.js';
import type { CloudSimOptions } from './cloud-sim-options.js';
import { startCloudSimServer, type CloudRequest, type CloudSimHandle } from './cloud-sim-server.js';
import { handleOpenAiChat } from './openai-chat.js';
import { openAiBadRequest, openAiErrorBody, openAiStatusError } from './openai-errors.js';

/** How to start the OpenAI-compatible cloud simulator (DeepSeek and OpenAI stand-in). */
export interface OpenAiCloudSimOptions extends CloudSimOptions {
  /** Model ids served; any other gets 404 `model_not_found`. @default any model is accepted */
  models?: readonly string[];
  /** Vector size when a request sets no `dimensions` (text-embedding-3-small). @default 1536 */
  embeddingDimensions?: number;
}

const LISTED_MODELS = ['deepseek-chat', 'deepseek-reasoner', 'gpt-4o-mini', 'text-embedding-3-small'];

function handleEmbeddings(call: CloudRequest, defaultDimensions: number): void {
  const body = (typeof call.body === 'object' && call.body !== null ? call.body : {}) as Record<string, unknown>;
  if (typeof body['model'] !== 'string' || body['model'] === '')
    throw openAiBadRequest('you must provide a model parameter', 'model');
  const input = body['input'];
  const texts =
    typeof input === 'string'
      ? [input]
      : Array.isArray(input)
        ? input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
        : undefined;
  if (texts === undefined || texts.length === 0)
    throw openAiBadRequest("'input' must be a string or a non-empty array", 'input');
  const dimensions = body['dimensions'] ?? defaultDimensions;
  if (
    typeof dimensions !== 'number' ||
    !Number.isInteger(dimensions) ||
    dimensions < 1 ||
    dimensions > defaultDimensions
  ) {
    throw openAiBadRequest(`dimensions must be an integer between 1 and ${defaultDimensions}`, 'dimensions');
  }
  const encoding = body['encoding_format'] === 'base64' ? 'base64' : 'float';
  const promptTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  sendJson(call.response, 200, {
    object: 'list',
    data: texts.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: encodeEmbedding(createEmbeddingVector(text, dimensions), encoding),
    })),
    model: body['model'],
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

/**
 * Starts the OpenAI-compatible cloud simulator: `/chat/completions` and `/v1/chat/completions`,
 * `/embeddings` and `/v1/embeddings`, `/models` and `/v1/models`, all behind `Authorization: Bearer`.
 * Records every request and connection (PHI tests assert none arrived).
 */
export function startOpenAiCloudSim(options: OpenAiCloudSimOptions = {}): Promise<CloudSimHandle> {
  const mode = options.mode ?? 'lorem';
  const dimensions = options.embeddingDimensions ?? 1536;
  return startCloudSimServer(options, {
    errorBody: (status, message) => openAiStatusError(status, message).body,
    handle: async (call) => {
      const path = call.path.startsWith('/v1/') ? call.path.slice(3) : call.path;
      const known = path === '/chat/completions' || path === '/embeddings' || path === '/models';
      if (!known)
        throw new SimHttpError(
          404,
          openAiErrorBody(`Invalid URL (${call.method} ${call.path})`, 'invalid_request_error'),
        );
      const authorization = call.request.headers.authorization ?? '';
      const key = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
      if (key === '' || (options.apiKey !== undefined && key !== options.apiKey)) throw openAiStatusError(401);
      const rateLimit = call.faults.take('rateLimit');
      if (rateLimit !== undefined) throw openAiStatusError(429, undefined, rateLimit.retryAfterSeconds ?? 1);
      const fail = call.faults.take('fail');
      if (fail !== undefined) throw openAiStatusError(fail.status, fail.message);
      if (path === '/models') {
        const ids = options.models ?? LISTED_MODELS;
        return sendJson(call.response, 200, {
          object: 'list',
          data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' })),
        });
      }
      if (call.method !== 'POST') throw openAiBadRequest(`${call.method} is not allowed on ${call.path}; use POST.`);
      if (path === '/embeddings') return handleEmbeddings(call, dimensions);
      return handleOpenAiChat(call, { mode, models: options.models });
    },
  });
}
