import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CloudSimOptions } from './cloud-sim-options.js';
import { startCloudSimServer, type CloudSimHandle } from './cloud-sim-server.js';
import { anthropicError, anthropicErrorBody } from './anthropic-errors.js';
import { handleAnthropicMessages } from './anthropic-messages.js';

/**
 * The API key of a request: `x-api-key`, else `Authorization: Bearer` — which @anthropic-ai/sdk 1.x
 * sends its `apiKey` as.
 */
function apiKeyOf(headers: IncomingHttpHeaders): string {
  const key = headers['x-api-key'];
  if (typeof key === 'string' && key.trim() !== '') return key.trim();
  const authorization = headers.authorization ?? '';
  return authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
}

/** How to start the Anthropic Messages API simulator. */
export type AnthropicCloudSimOptions = CloudSimOptions;

/**
 * Starts the Anthropic Messages API simulator: `POST /v1/messages` behind an API key (`x-api-key`
 * or `Authorization: Bearer`) and an `anthropic-version` header, with a `request-id` header on every answer, 429/529 and in-stream errors on
 * demand. Records every request and connection.
 */
export function startAnthropicCloudSim(options: AnthropicCloudSimOptions = {}): Promise<CloudSimHandle> {
  const mode = options.mode ?? 'lorem';
  return startCloudSimServer(options, {
    errorBody: (status, message) => anthropicErrorBody(status, message, `req_${randomUUID().replaceAll('-', '')}`),
    handle: async (call) => {
      const requestId = `req_${randomUUID().replaceAll('-', '')}`;
      call.response.setHeader('request-id', requestId);
      if (call.path !== '/v1/messages') throw anthropicError(404, `Not found: ${call.method} ${call.path}`, requestId);
      const key = apiKeyOf(call.request.headers);
      if (key === '' || (options.apiKey !== undefined && key !== options.apiKey)) {
        throw anthropicError(401, undefined, requestId);
      }
      if (typeof call.request.headers['anthropic-version'] !== 'string') {
        throw anthropicError(400, 'anthropic-version: header is required', requestId);
      }
      if (call.method !== 'POST') throw anthropicError(405, `Method ${call.method} not allowed`, requestId);
      const rateLimit = call.faults.take('rateLimit');
      if (rateLimit !== undefined) throw anthropicError(429, undefined, requestId, rateLimit.retryAfterSeconds ?? 1);
      const fail = call.faults.take('fail');
      if (fail !== undefined) throw anthropicError(fail.status, fail.message, requestId);
      await handleAnthropicMessages(call, { mode, requestId });
    },
  });
}
