import type { GenerateRequest } from '@biopipe/router';
import { describeTarget, routeHeaders, sendJson, type Exchange, type GatewayRouter } from './exchange.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { completionId, formatCompletion, type GenerationKind } from './openai-payloads.js';
import { parseGenerationParams } from './parse-generation-params.js';
import { readRoutingHints } from './read-routing-hints.js';
import { resolveTask } from './resolve-task.js';
import { streamGeneration } from './stream-generation.js';

/**
 * `POST /v1/chat/completions` and `POST /v1/completions`: validates the body, resolves the task and
 * routes through the router, answering as one JSON object or as SSE chunks.
 * @throws BiopipeError for anything that fails before a response starts (the caller answers it)
 */
export async function handleGeneration(
  exchange: Exchange,
  options: { kind: GenerationKind; body: Record<string, unknown>; router: GatewayRouter; metrics: GatewayMetrics },
): Promise<void> {
  const { kind, body, router } = options;
  const task = resolveTask({
    header: exchange.request.headers['x-biopipe-task'],
    model: body['model'],
    endpoint: 'generation',
  });
  exchange.task = task;
  const params = parseGenerationParams(body, kind);
  exchange.target = describeTarget(router.currentStrategy, task);
  const request: GenerateRequest = {
    task_type: task,
    messages: params.messages,
    max_tokens: params.maxTokens,
    temperature: params.temperature,
    stop: params.stop,
    signal: exchange.signal,
    request_id: exchange.requestId,
    ...readRoutingHints(exchange.request.headers, body),
  };
  if (params.stream) {
    await streamGeneration(exchange, {
      kind,
      stream: router.stream(request),
      includeUsage: params.includeUsage,
      metrics: options.metrics,
    });
    return;
  }
  const result = await router.generate(request);
  const { route } = result;
  exchange.target = route.target;
  exchange.fallbackDepth = route.fallback_depth;
  const payload = formatCompletion({
    kind,
    id: completionId(kind, exchange.requestId),
    created: Math.floor(Date.now() / 1000),
    model: route.model ?? '',
    text: result.text,
    finishReason: result.finish_reason,
    usage: result.usage,
  });
  sendJson(exchange.response, 200, payload, routeHeaders(exchange, route));
}
