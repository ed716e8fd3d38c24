import { errorClassOf, type Logger } from '@biopipe/core';
import type { RequestOriginPolicy } from './check-request-origin.js';
import { sendJson, type Exchange, type GatewayRouter } from './exchange.js';
import { GatewayError, describeFailure, type DescribedFailure } from './gateway-errors.js';
import type { GatewayEndpoint, GatewayMetrics } from './gateway-metrics.js';
import { handleAdminStrategy } from './handle-admin.js';
import { handleEmbeddings } from './handle-embeddings.js';
import { handleFeedback } from './handle-feedback.js';
import { handleGeneration } from './handle-generation.js';
import { readJsonBody } from './read-json-body.js';
import { MODEL_IDS } from './resolve-task.js';

/** What the dispatcher works with, fixed for the gateway's life. */
export interface DispatchContext {
  router: GatewayRouter;
  metrics: GatewayMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** Throws GatewayError('unauthorized') unless the request carries the key; undefined when no key is set. */
  checkAuthorization: ((authorization: string | undefined) => void) | undefined;
  /** Unix seconds: the `created` of every listed model. */
  startedAt: number;
  /** Host and Origin checks, CORS headers and preflight answers. */
  originPolicy: RequestOriginPolicy;
  /** Where `POST /v1/feedback` appends; undefined when the gateway writes no metrics (the route answers 404). */
  feedbackFile?: string | undefined;
}

/** Refusals sent before the body is read: too large, not JSON, a foreign origin or host. */
const UNREAD_BODY_STATUSES = new Set([403, 413, 415, 421]);

function requireMethod(exchange: Exchange, method: 'GET' | 'POST'): void {
  if (exchange.request.method === method) return;
  exchange.response.setHeader('allow', method);
  throw new GatewayError('method_not_allowed', `${exchange.request.method ?? '?'} is not allowed here; use ${method}.`);
}

function authorize(exchange: Exchange, context: DispatchContext): void {
  context.checkAuthorization?.(exchange.request.headers.authorization);
}

function sendFailure(exchange: Exchange, failure: DescribedFailure): void {
  const { response } = exchange;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const headers: Record<string, string> = { 'x-request-id': exchange.requestId };
  if (failure.status === 401) headers['www-authenticate'] = 'Bearer';
  if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
  // The body of a refused upload is left unread: close the connection rather than drain it.
  if (UNREAD_BODY_STATUSES.has(failure.status)) headers['connection'] = 'close';
  sendJson(response, failure.status, JSON.stringify(failure.body), headers);
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function listModels(exchange: Exchange, context: DispatchContext, id: string | undefined): void {
  const card = (model: string): Record<string, unknown> => ({
    id: model,
    object: 'model',
    created: context.startedAt,
    owned_by: 'biopipe',
  });
  if (id === undefined) {
    sendJson(exchange.response, 200, JSON.stringify({ object: 'list', data: MODEL_IDS.map(card) }));
    return;
  }
  if (!MODEL_IDS.includes(id))
    throw new GatewayError('not_found', `The model "${id}" does not exist.`, {
      param: 'model',
      hint: `Models: ${MODEL_IDS.join(', ')}.`,
    });
  sendJson(exchange.response, 200, JSON.stringify(card(id)));
}

/** An API call: authorised, its body read within the limit, its outcome counted in `/metrics`. */
async function serveApi(exchange: Exchange, context: DispatchContext, endpoint: GatewayEndpoint): Promise<void> {
  let errorClass: string | undefined;
  try {
    requireMethod(exchange, 'POST');
    authorize(exchange, context);
    const body = await readJsonBody(exchange.request, context.maxBodyBytes);
    const { router, metrics } = context;
    if (endpoint === 'embeddings') await handleEmbeddings(exchange, { body, router });
    else await handleGeneration(exchange, { kind: endpoint === 'chat' ? 'chat' : 'completion', body, router, metrics });
    errorClass = exchange.lateError === undefined ? undefined : errorClassOf(exchange.lateError);
  } catch (error) {
    if (!exchange.signal.aborted) {
      const failure = describeFailure(error);
      errorClass = failure.errorClass;
      if (failure.status >= 500)
        context.logger.warn('request failed', {
          request_id: exchange.requestId,
          status: failure.status,
          code: failure.code,
          task: exchange.task,
          target: exchange.target,
        });
      sendFailure(exchange, failure);
    }
  }
  const aborted = exchange.signal.aborted;
  context.metrics.record({
    endpoint,
    task: exchange.task,
    target: exchange.target,
    status: aborted ? 499 : exchange.response.statusCode,
    durationSeconds: (performance.now() - exchange.started) / 1000,
    fallbackDepth: exchange.fallbackDepth,
    // The client left: `cancelled`, as errorClassOf names an aborted request.
    errorClass: aborted ? 'cancelled' : errorClass,
  });
}

async function serveOther(exchange: Exchange, context: DispatchContext, path: string): Promise<void> {
  if (path === '/health') {
    requireMethod(exchange, 'GET');
    const config = context.router.currentStrategy;
    sendJson(
      exchange.response,
      200,
      JSON.stringify({ status: 'ok', strategy: config.name, allow_cloud: config.allowCloud }),
    );
  } else if (path === '/metrics') {
    requireMethod(exchange, 'GET');
    const text = await context.metrics.render();
    exchange.response.writeHead(200, {
      'content-type': context.metrics.contentType,
      'content-length': Buffer.byteLength(text),
    });
    exchange.response.end(text);
  } else if (path === '/v1/models' || path.startsWith('/v1/models/')) {
    requireMethod(exchange, 'GET');
    authorize(exchange, context);
    listModels(
      exchange,
      context,
      path === '/v1/models' ? undefined : decodePathSegment(path.slice('/v1/models/'.length)),
    );
  } else if (path === '/v1/feedback') {
    requireMethod(exchange, 'POST');
    authorize(exchange, context);
    const body = await readJsonBody(exchange.request, context.maxBodyBytes);
    await handleFeedback(exchange, { body, file: context.feedbackFile });
  } else if (path === '/admin/strategy' && context.checkAuthorization !== undefined) {
    authorize(exchange, context);
    const isPost = exchange.request.method === 'POST';
    if (!isPost) requireMethod(exchange, 'GET');
    const body = isPost ? await readJsonBody(exchange.request, context.maxBodyBytes) : undefined;
    await handleAdminStrategy(exchange, { router: context.router, body, logger: context.logger });
  } else {
    throw new GatewayError('not_found', `No route for ${exchange.request.method ?? '?'} ${path}.`, {
      hint: 'biopipe serve answers /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models, /v1/feedback, /health and /metrics.',
    });
  }
}

/** Routes one request by path. Never throws: every failure becomes an OpenAI error envelope. */
export async function dispatchRequest(exchange: Exchange, context: DispatchContext): Promise<void> {
  try {
    context.originPolicy.check(exchange.request, exchange.response);
    if (context.originPolicy.answerPreflight(exchange.request, exchange.response)) return;
  } catch (error) {
    sendFailure(exchange, describeFailure(error));
    return;
  }
  const url = exchange.request.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  switch (path) {
    case '/v1/chat/completions':
      return serveApi(exchange, context, 'chat');
    case '/v1/completions':
      return serveApi(exchange, context, 'completions');
    case '/v1/embeddings':
      return serveApi(exchange, context, 'embeddings');
    default:
      try {
        await serveOther(exchange, context, path);
      } catch (error) {
        if (!exchange.signal.aborted) sendFailure(exchange, describeFailure(error));
      }
  }
}
