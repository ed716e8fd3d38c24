import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { handleAdminRequest } from '../shared/admin-routes.js';
import { SimHttpError, sendEmpty, sendJson } from '../shared/http-io.js';
import { readJsonBody } from '../shared/parse-json-request.js';
import { redactHeaders, type RequestRecorder } from '../shared/request-recorder.js';
import { tokenizeRequestBody, parseGenerationRequest } from './parse-generation-request.js';
import { planGeneration } from './plan-generation.js';
import { runGeneration } from './run-generation.js';
import { handleEmbeddings } from './handle-embeddings.js';
import type { VllmEngine } from './vllm-engine.js';
import { ENGINE_DEAD_MESSAGE, OVERLOADED_MESSAGE, vllmError, vllmErrorBody } from './vllm-errors.js';
import { listModels } from './list-models.js';

/** What the request handler needs from the simulator around it. */
export interface VllmHandlerContext {
  engine: VllmEngine;
  recorder: RequestRecorder;
  /** Requests received per path. */
  counts: Map<string, number>;
  stats(): unknown;
}

const INFERENCE_PATHS = new Set(['/v1/chat/completions', '/v1/completions', '/v1/embeddings']);
const POST_ONLY = new Set([...INFERENCE_PATHS, '/tokenize']);
const GET_ONLY = new Set(['/health', '/version', '/metrics', '/load', '/v1/models']);

function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && header !== '' ? header : randomUUID().replaceAll('-', '');
}

/** Request faults that answer at once with an error (429 / 500 / 503), before any work. */
function failByFault(context: VllmHandlerContext): SimHttpError | undefined {
  const faults = context.engine.faults;
  const rateLimit = faults.take('rateLimit');
  if (rateLimit !== undefined) {
    const retryAfter = rateLimit.retryAfterSeconds ?? 1;
    return new SimHttpError(429, vllmErrorBody(429, 'Rate limit exceeded, retry later.'), {
      'retry-after': String(retryAfter),
    });
  }
  const fail = faults.take('fail');
  if (fail === undefined) return undefined;
  return vllmError(
    fail.status,
    fail.message ?? (fail.status === 503 ? OVERLOADED_MESSAGE : 'Internal server error (injected fault).'),
  );
}

async function route(
  context: VllmHandlerContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const { engine } = context;
  const method = request.method ?? 'GET';
  if (path === '/health' || path === '/ping') return sendEmpty(response, engine.isDead ? 503 : 200);
  if (path === '/version') return sendJson(response, 200, { version: engine.options.version });
  if (path === '/metrics') {
    const text = engine.metrics.render();
    response.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    return void response.end(text);
  }
  if (path === '/load') return sendJson(response, 200, { server_load: engine.inFlightCount });
  if (path === '/v1/models') return sendJson(response, 200, listModels(engine));
  const parsed =
    method === 'GET' || method === 'HEAD' ? { ok: true as const, value: undefined } : await readJsonBody(request);
  context.recorder.record({
    method,
    path,
    headers: redactHeaders(request.headers),
    body: parsed.ok ? parsed.value : parsed.text,
    receivedAt: Date.now(),
  });
  if (path.startsWith('/admin/') && engine.options.enableAdmin) {
    if (
      handleAdminRequest(
        method,
        path,
        parsed.ok ? parsed.value : undefined,
        { faults: engine.faults, stats: context.stats },
        response,
      )
    )
      return;
  }
  if (!parsed.ok) throw vllmError(400, `The request body is not valid JSON: ${parsed.problem}`);
  const body = (parsed.value ?? {}) as Record<string, unknown>;
  if (path === '/tokenize') {
    const { tokenIds, tokens } = tokenizeRequestBody(body);
    return sendJson(response, 200, {
      count: tokenIds.length,
      max_model_len: engine.options.maxModelLen,
      tokens: tokenIds,
      token_strs: body['return_token_strs'] === true ? tokens : null,
    });
  }
  if (engine.isDead) throw vllmError(500, ENGINE_DEAD_MESSAGE);
  const failure = failByFault(context);
  if (failure !== undefined) throw failure;
  const requestId = requestIdOf(request);
  if (path === '/v1/embeddings') return handleEmbeddings(engine, body, response, requestId);
  if (engine.options.runner === 'pooling') {
    throw vllmError(
      400,
      `The model does not support ${path === '/v1/chat/completions' ? 'Chat Completions' : 'Completions'} API`,
    );
  }
  const generation = parseGenerationRequest(path === '/v1/chat/completions' ? 'chat' : 'completion', parsed.value);
  const plan = planGeneration(engine, generation);
  return runGeneration({ engine, request: generation, plan, response, requestId });
}

/**
 * The simulated vLLM server's request handler: vLLM's auth rule (`/v1/*` only), the hang fault,
 * routing, and errors written in vLLM's shapes (`{"detail":"Not Found"}` for unknown paths, as FastAPI).
 */
export function createVllmRequestHandler(
  context: VllmHandlerContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const method = request.method ?? 'GET';
    context.counts.set(path, (context.counts.get(path) ?? 0) + 1);
    const { engine } = context;
    const apiKey = engine.options.apiKey;
    if (
      apiKey !== undefined &&
      path.startsWith('/v1') &&
      method !== 'OPTIONS' &&
      request.headers.authorization !== `Bearer ${apiKey}`
    ) {
      return sendJson(response, 401, { error: 'Unauthorized' });
    }
    const isAdmin = path.startsWith('/admin/') && engine.options.enableAdmin;
    const known = INFERENCE_PATHS.has(path) || GET_ONLY.has(path) || POST_ONLY.has(path) || path === '/ping' || isAdmin;
    if (!known) return sendJson(response, 404, { detail: 'Not Found' });
    if ((POST_ONLY.has(path) && method !== 'POST') || (GET_ONLY.has(path) && method !== 'GET' && method !== 'HEAD')) {
      return sendJson(response, 405, { detail: 'Method Not Allowed' });
    }
    const hang = isAdmin ? undefined : engine.faults.peek('hang');
    if (
      hang !== undefined &&
      (INFERENCE_PATHS.has(path) || hang.allEndpoints === true) &&
      engine.faults.take('hang') !== undefined
    ) {
      request.resume();
      return;
    }
    route(context, request, response, path).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof SimHttpError) return sendJson(response, error.status, error.body, error.headers);
      sendJson(response, 500, vllmErrorBody(500, error instanceof Error ? error.message : String(error)));
    });
  };
}
