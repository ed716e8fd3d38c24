import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BiopipeError, StrategyConfig } from '@biopipe/core';
import type { CancelSignal, ModelOrchestrator, RouteReport } from '@biopipe/router';

/** What the gateway needs of the router: these members of ModelOrchestrator, whose signatures they keep. */
export type GatewayRouter = Pick<
  ModelOrchestrator,
  'currentStrategy' | 'generate' | 'stream' | 'embed' | 'switchStrategy'
>;

/**
 * One request and its response, with what `/metrics` learns while handling it. `signal` aborts when
 * the client goes away before the response is complete; it is passed to the router, which cancels the
 * upstream call.
 */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  readonly signal: CancelSignal;
  /** `performance.now()` when the request arrived. */
  readonly started: number;
  task: string;
  target: string;
  fallbackDepth: number | undefined;
  /** Set when a stream failed after its headers went out (the status stays 200). */
  lateError: BiopipeError | undefined;
}

const UNSAFE_HEADER_CHARACTERS = /[^\t\x20-\x7e]/g;
// Model names and targets are few: remember their cleaned form rather than scanning on every response.
const cleaned = new Map<string, string>();

/** A header value from server-provided text (a model name): never lets a bad byte throw or inject. */
export function headerValue(value: string | null | undefined): string {
  const text = value ?? '';
  let safe = cleaned.get(text);
  if (safe === undefined) {
    safe = text.replace(UNSAFE_HEADER_CHARACTERS, '?');
    if (cleaned.size < 1024) cleaned.set(text, safe);
  }
  return safe;
}

/** The route target a task goes to under a strategy, or `none` when it has none. */
export function describeTarget(config: StrategyConfig, task: string): string {
  try {
    const target = config.routeFor(task);
    return target.kind === 'role' ? target.role : 'cloud';
  } catch {
    return 'none';
  }
}

/** The headers saying how a request was served (DESIGN.md, "fallback depth"). */
export function routeHeaders(
  exchange: Exchange,
  route: Pick<RouteReport, 'target' | 'model' | 'fallback_depth'>,
): OutgoingHttpHeaders {
  return {
    'x-request-id': exchange.requestId,
    'x-biopipe-route-target': headerValue(route.target),
    'x-biopipe-model': headerValue(route.model),
    'x-biopipe-fallback-depth': String(route.fallback_depth),
  };
}

/** Sends a whole JSON body with its length (keep-alive friendly); `headers` is extended in place. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = {},
): void {
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(body);
  response.writeHead(status, headers);
  response.end(body);
}
