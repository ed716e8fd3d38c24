import http from 'node:http';
import { StrategyConfig } from '@biopipe/core';
import { ModelOrchestrator } from '@biopipe/router';
import type { ChatProvider } from '@biopipe/router';
import { createScriptedProvider, type ScriptedStep } from '@biopipe/router/testing';
import { GatewayMetrics } from '../src/serve/gateway-metrics.js';
import { startGateway, type GatewayHandle, type GatewayOptions } from '../src/serve/start-gateway.js';

const PROFILE = `profile_name: scripted
vllm_endpoints:
  generalist: { urls: ["http://generalist:8001"], served_model_name: qwen }
  embeddings: { urls: ["http://embeddings:8004"], served_model_name: bge-m3 }
task_routing: { "*": generalist, embeddings: embeddings }
retry: { max_attempts: 1 }
`;

/** The header a JSON request carries. */
export const JSON_TYPE = { 'content-type': 'application/json' };

/** A gateway over a scripted generalist, with every provider call it made. */
export interface ScriptedGateway {
  gateway: GatewayHandle;
  /** How many calls reached the scripted generalist. */
  calls(): number;
}

const started: GatewayHandle[] = [];

/** Closes every gateway started in this test file (run it in `afterEach`). */
export async function closeScriptedGateways(): Promise<void> {
  await Promise.all(started.splice(0).map((gateway) => gateway.close(0)));
}

/**
 * Starts a gateway on a free loopback port whose generalist (and embeddings role) answer `steps`;
 * `wrap` can put a provider of the test's own around each scripted one.
 */
export async function startScriptedGateway(
  steps: readonly ScriptedStep[],
  options: Omit<GatewayOptions, 'router'> & { wrap?: (provider: ChatProvider) => ChatProvider } = {},
): Promise<ScriptedGateway> {
  const { wrap, ...gatewayOptions } = options;
  const providers: ReturnType<typeof createScriptedProvider>[] = [];
  const router = await ModelOrchestrator.create({
    strategy: StrategyConfig.fromString(PROFILE),
    env: {},
    fleet: null,
    createLocalProvider: ({ url }) => {
      const model = url.includes('embeddings') ? 'bge-m3' : 'qwen';
      const provider = createScriptedProvider({ endpoint: url, model, steps });
      providers.push(provider);
      return wrap?.(provider) ?? provider;
    },
  });
  const gateway = await startGateway({
    port: 0,
    metrics: new GatewayMetrics({ processMetrics: false }),
    ...gatewayOptions,
    router,
  });
  started.push(gateway);
  return { gateway, calls: () => providers.reduce((sum, provider) => sum + provider.calls.length, 0) };
}

/** A whole HTTP response. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: string;
}

/** One request on a fresh connection, with exactly the headers given (no default content type). */
export function sendRaw(
  url: string,
  options: { path: string; method?: string; body?: string; headers?: http.OutgoingHttpHeaders },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}${options.path}`,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, trailers: response.trailers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A chat completion body for the scripted gateway. */
export const chatBody = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model: 'biopipe:documentation', messages: [{ role: 'user', content: 'hi' }], ...extra });

/** POSTs `chatBody(extra)` as JSON to the gateway's chat completions route. */
export const postChat = (gateway: GatewayHandle, extra: Record<string, unknown> = {}): Promise<RawResponse> =>
  sendRaw(gateway.url, { path: '/v1/chat/completions', body: chatBody(extra), headers: JSON_TYPE });
