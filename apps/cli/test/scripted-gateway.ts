import http from 'node:http';
import { StrategyConfig } from '@biopipe/core';
import { ModelOrchestrator } from '@biopipe/router';
import { createScriptedProvider, type ScriptedStep } from '@biopipe/router/testing';
import { GatewayMetrics } from '../src/serve/gateway-metrics.js';
import { startGateway, type GatewayHandle, type GatewayOptions } from '../src/serve/start-gateway.js';

const PROFILE = `profile_name: scripted
vllm_endpoints:
  generalist: { urls: ["http://generalist:8001"], served_model_name: qwen }
task_routing: { "*": generalist }
retry: { max_attempts: 1 }
`;

/** A gateway over a scripted generalist, with every provider call it made. */
export interface ScriptedGateway {
  gateway: GatewayHandle;
  /** How many calls reached the scripted generalist. */
  calls(): number;
}

/** Starts a gateway on a free loopback port over a generalist answering `steps`. */
export async function startScriptedGateway(
  steps: readonly ScriptedStep[],
  options: Omit<GatewayOptions, 'router'> = {},
): Promise<ScriptedGateway> {
  const providers: ReturnType<typeof createScriptedProvider>[] = [];
  const router = await ModelOrchestrator.create({
    strategy: StrategyConfig.fromString(PROFILE),
    env: {},
    fleet: null,
    createLocalProvider: ({ url }) => {
      const provider = createScriptedProvider({ endpoint: url, model: 'qwen', steps });
      providers.push(provider);
      return provider;
    },
  });
  const gateway = await startGateway({
    port: 0,
    metrics: new GatewayMetrics({ processMetrics: false }),
    ...options,
    router,
  });
  return { gateway, calls: () => providers.reduce((sum, provider) => sum + provider.calls.length, 0) };
}

/** A whole HTTP response. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
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
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A chat completion body for the scripted gateway. */
export const chatBody = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model: 'biopipe:documentation', messages: [{ role: 'user', content: 'hi' }], ...extra });
