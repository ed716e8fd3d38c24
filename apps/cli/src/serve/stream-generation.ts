import type { ServerResponse } from 'node:http';
import { BiopipeError, type StreamPart } from '@biopipe/core';
import type { RoutedStream } from '@biopipe/router';
import { routeHeaders, type Exchange } from './exchange.js';
import { describeFailure } from './gateway-errors.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { ChunkFormatter, DONE_FRAME, completionId, errorFrame, type GenerationKind } from './openai-payloads.js';

/** Resolves when a full socket buffer drains, or at once when the client is gone. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Relays a routed stream as OpenAI SSE chunks, one write per part as it arrives (never batched).
 * Headers go out with the first part: until then the router may still fail over, and a failure is
 * an ordinary JSON error with its status (thrown to the caller). The headers carry how the stream is
 * served, as for a whole answer: request id, route target, model and fallback depth. A failure after
 * the start is one in-band `data: {"error":…}` event, then the response ends
 * WITHOUT `data: [DONE]`, so no client can mistake a cut answer for a complete one. A slow reader
 * pauses the relay (and so the upstream read) instead of piling frames up in memory.
 * @throws the error part that arrived before anything was written
 */
export async function streamGeneration(
  exchange: Exchange,
  options: { kind: GenerationKind; stream: RoutedStream; includeUsage: boolean; metrics: GatewayMetrics },
): Promise<void> {
  const { response } = exchange;
  let formatter: ChunkFormatter | undefined;
  // The headers and the chat role chunk go out with the first token, in one write: one packet, and
  // a client woken once rather than twice before it has anything to show.
  let opening = '';
  let firstToken = true;
  for await (const part of options.stream as AsyncIterable<StreamPart>) {
    if (response.destroyed) break;
    let frame: string;
    switch (part.type) {
      case 'stream-start':
        formatter = new ChunkFormatter({
          kind: options.kind,
          id: completionId(options.kind, exchange.requestId),
          created: Math.floor(Date.now() / 1000),
          model: part.model,
        });
        exchange.target = part.target;
        exchange.fallbackDepth = part.fallbackDepth;
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          ...routeHeaders(exchange, { target: part.target, model: part.model, fallback_depth: part.fallbackDepth }),
        });
        if (options.kind === 'chat') opening = formatter.role();
        continue;
      case 'text-delta':
        if (formatter === undefined) continue;
        frame = formatter.delta(part.text);
        break;
      case 'stream-end':
        if (formatter === undefined) continue;
        frame =
          formatter.finish(part.finishReason) + (options.includeUsage ? formatter.usage(part.usage) : '') + DONE_FRAME;
        break;
      case 'error':
        if (formatter === undefined) throw part.error;
        exchange.lateError = part.error;
        frame = errorFrame(describeFailure(part.error).body);
        break;
    }
    if (opening !== '') {
      frame = opening + frame;
      opening = '';
    }
    if (!response.write(frame) && !response.destroyed) await drained(response);
    if (firstToken && part.type === 'text-delta') {
      firstToken = false;
      options.metrics.recordFirstToken(exchange.task, exchange.target, (performance.now() - exchange.started) / 1000);
    }
  }
  if (response.destroyed) return;
  if (formatter === undefined)
    throw new BiopipeError('internal', 'The router ended a stream without a start or an error part.');
  if (opening !== '') response.write(opening);
  response.end();
}
