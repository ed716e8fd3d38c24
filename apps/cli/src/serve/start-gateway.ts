import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BiopipeError, UsageError, silentLogger, type Logger } from '@biopipe/core';
import { Cancellation } from '@biopipe/router';
import { createBearerCheck } from './check-bearer-token.js';
import { createRequestOriginPolicy } from './check-request-origin.js';
import { dispatchRequest, type DispatchContext } from './dispatch-request.js';
import type { Exchange, GatewayRouter } from './exchange.js';
import { formatAccessLogLine } from './format-access-log.js';
import { GatewayMetrics } from './gateway-metrics.js';

/** How to run the gateway. Only `router` is required. */
export interface GatewayOptions {
  /** Routes every request (a ModelOrchestrator). */
  router: GatewayRouter;
  /** Interface to bind: loopback unless you mean to expose it. @default "127.0.0.1" */
  host?: string;
  /** Port to bind; 0 picks a free one. @default 8080 */
  port?: number;
  /** When set, `/v1/*` and `/admin/*` need `Authorization: Bearer <key>`, and the admin route exists. @default none */
  key?: string | undefined;
  /** Largest request body accepted; larger ones get 413 before being read. @default 4194304 (4 MiB) */
  maxBodyBytes?: number;
  /** Web origins whose pages may call the gateway (CORS); any other request with an Origin gets 403. @default none */
  allowOrigins?: readonly string[];
  /** Host names answered besides loopback ones, on a loopback bind (e.g. a reverse proxy's). @default none */
  allowHosts?: readonly string[];
  /** @default silentLogger */
  logger?: Logger;
  /** @default a new GatewayMetrics with process metrics */
  metrics?: GatewayMetrics;
  /** Gets one line per finished request (method, path, status, task, target, ms). @default none */
  accessLog?: ((line: string) => void) | undefined;
  /** Feedback file for `POST /v1/feedback` (beside the routing metrics). @default none: the route answers 404 */
  feedbackFile?: string | undefined;
}

/** A running gateway. */
export interface GatewayHandle {
  /** e.g. `http://127.0.0.1:8080` (clients use `${url}/v1` as their base URL). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly metrics: GatewayMetrics;
  /** Requests being handled now. */
  inFlight(): number;
  /**
   * Graceful stop: no new connections, idle keep-alive connections closed, in-flight requests given up
   * to `graceMs` to finish; then the rest are cut (their upstream calls are cancelled). Resolves with
   * how many were cut, once the server is closed.
   */
  close(graceMs?: number): Promise<{ interrupted: number }>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE')
    return new UsageError(
      `Cannot listen on ${where}: the port is already in use.`,
      'Pick another with --port (0 picks a free one and prints it).',
    );
  if (error.code === 'EACCES')
    return new UsageError(
      `Cannot listen on ${where}: permission denied.`,
      'Ports below 1024 need privileges; pick a higher --port.',
    );
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return new UsageError(
      `Cannot listen on ${where}: no such local address.`,
      'Use --host 127.0.0.1, or an address of this machine.',
    );
  return error;
}

/** Starts `biopipe serve`'s HTTP server (node:http, keep-alive) and resolves once it listens. */
export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new GatewayMetrics();
  const key = options.key === '' ? undefined : options.key;
  let boundPort = 0;
  const originPolicy = createRequestOriginPolicy({
    bindHost: host,
    port: () => boundPort,
    allowOrigins: options.allowOrigins ?? [],
    allowHosts: options.allowHosts ?? [],
  });
  const context: DispatchContext = {
    router: options.router,
    metrics,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    checkAuthorization: key === undefined ? undefined : createBearerCheck(key),
    startedAt: Math.floor(Date.now() / 1000),
    originPolicy,
    feedbackFile: options.feedbackFile,
  };
  let inFlight = 0;
  let closing = false;
  let onSettled: (() => void) | undefined;

  const server = http.createServer({ noDelay: true, keepAlive: true }, (request, response) => {
    inFlight++;
    const cancellation = new Cancellation();
    const given = request.headers['x-request-id'];
    const exchange: Exchange = {
      request,
      response,
      requestId: typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID(),
      signal: cancellation,
      started: performance.now(),
      task: 'none',
      target: 'none',
      fallbackDepth: undefined,
      lateError: undefined,
    };
    if (closing) response.setHeader('connection', 'close');
    response.once('close', () => {
      // Closed before the whole response went out: the client left, so cancel the upstream call. A
      // failing cancel handler is logged, never thrown out of here (that would end the server).
      if (!response.writableFinished) {
        try {
          cancellation.abort(new BiopipeError('aborted', 'The client closed the connection.'));
        } catch (error) {
          logger.error('cancelling a request whose client left failed', {
            request_id: exchange.requestId,
            error: (error as Error).message,
          });
        }
      }
      options.accessLog?.(formatAccessLogLine(exchange, performance.now()));
      inFlight--;
      if (closing) setImmediate(() => server.closeIdleConnections());
      onSettled?.();
    });
    void dispatchRequest(exchange, context);
  });

  // Longer than the idle timeouts of common clients (undici 4 s, httpx 5 s): the client closes an idle
  // connection first, so it never sends a request on a socket the gateway is closing.
  server.keepAliveTimeout = 65_000;
  metrics.countInFlightWith(() => inFlight);
  const requestedPort = options.port ?? 8080;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(describeListenError(error, host, requestedPort));
    server.once('error', onError);
    server.listen(requestedPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  boundPort = port;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));

  return {
    url: formatUrl(host, port),
    host,
    port,
    metrics,
    inFlight: () => inFlight,
    close: async (graceMs = 10_000) => {
      if (!closing) {
        closing = true;
        server.close();
        server.closeIdleConnections();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          onSettled = () => {
            if (inFlight > 0) return;
            clearTimeout(timer);
            resolve();
          };
          onSettled();
        });
      }
      const interrupted = inFlight;
      server.closeAllConnections();
      await closed;
      return { interrupted };
    },
  };
}
