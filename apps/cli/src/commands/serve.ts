import { UsageError } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { formatJson } from '../output.js';
import { normalizeAllowedOrigin } from '../serve/check-request-origin.js';
import { createStderrLogger } from '../serve/create-stderr-logger.js';
import { resolveFeedbackPath } from '@biopipe/metrics';
import { startGateway } from '../serve/start-gateway.js';
import { openRoutedSession } from './routed-session.js';

/** `biopipe serve` flags. */
export interface ServeOptions {
  /** @default "127.0.0.1" */
  host: string;
  /** 0 picks a free port (printed on stderr). @default 8080 */
  port: number;
  /** @default 4194304 */
  maxBodyBytes: number;
  /** How long in-flight requests may run on after SIGINT/SIGTERM. @default 10000 */
  shutdownTimeoutMs: number;
  /** `--allow-origin`: web origins whose pages may call the gateway. @default [] */
  allowOrigins?: readonly string[];
  /** `--allow-host`: Host names answered besides loopback ones. @default [] */
  allowHosts?: readonly string[];
  /** `--access-log off` turns off the one stderr line per request. @default true */
  accessLog?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** Longest wait, at start, for the semantic signal's banks to be embedded. */
const SEMANTIC_WARM_UP_MS = 10_000;

/** Resolves with the first SIGINT or SIGTERM; a second one calls `onRepeat` (stop waiting). */
function waitForShutdownSignal(onRepeat: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) {
        onRepeat();
        return;
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `biopipe serve`: the OpenAI-compatible endpoint in front of the router. Prints the bound address on
 * stderr (`biopipe serve: listening on http://HOST:PORT …`, also with --port 0), serves until SIGINT
 * or SIGTERM, then stops accepting, lets in-flight requests finish (up to the shutdown timeout; a
 * second signal cuts them at once), flushes the routing metrics and exits 0.
 */
export async function serve(context: CommandContext, options: ServeOptions): Promise<number> {
  const { output, env } = context;
  const logger = createStderrLogger({ write: (line) => output.err(line), debug: context.options.debug === true });
  const key = env['BIOPIPELINES_GATEWAY_KEY'];
  const hasKey = key !== undefined && key !== '';
  // A bearer token is one run of visible characters: a key with spaces could never be sent.
  if (hasKey && !/^\S+$/.test(key)) {
    throw new UsageError(
      'BIOPIPELINES_GATEWAY_KEY contains whitespace, so no client could send it as a bearer token.',
      'Set it to a single word, e.g. the output of `openssl rand -hex 32`.',
    );
  }
  // A bad --allow-origin is a usage error before anything starts.
  for (const origin of options.allowOrigins ?? []) normalizeAllowedOrigin(origin);
  const session = await openRoutedSession(context, { writeMetrics: true, logger, scrapeReplicaLoad: true });
  let metrics: { dropped: number };
  try {
    // Embedding the semantic banks cold takes about the signal's whole 200 ms default budget: done
    // before listening, the first request does not time out on it. Bounded, so a hung embeddings
    // role delays the start by at most SEMANTIC_WARM_UP_MS.
    const warm = await session.orchestrator.warmUp(SEMANTIC_WARM_UP_MS);
    if (warm === 'failed' || warm === 'pending')
      logger.warn('semantic complexity banks not embedded yet; the first requests may go without the signal', {
        state: warm,
      });
    const gateway = await startGateway({
      router: session.orchestrator,
      host: options.host,
      port: options.port,
      key,
      maxBodyBytes: options.maxBodyBytes,
      allowOrigins: options.allowOrigins ?? [],
      allowHosts: options.allowHosts ?? [],
      logger,
      accessLog: options.accessLog === false ? undefined : (line) => output.err(`biopipe serve: ${line}`),
      feedbackFile: session.metricsPath === undefined ? undefined : resolveFeedbackPath(session.metricsPath),
    });
    const strategy = `strategy ${session.config.name} (${session.strategyReason})`;
    output.err(
      `biopipe serve: listening on ${gateway.url} — ${strategy}; ${hasKey ? 'bearer key required' : 'no key: open to anyone who can reach this address'}`,
    );
    if (output.json)
      output.out(
        formatJson({
          url: gateway.url,
          strategy: session.config.name,
          allow_cloud: session.config.allowCloud,
          key_required: hasKey,
        }),
      );
    if (!LOOPBACK.has(options.host) && !hasKey)
      logger.warn('listening beyond loopback without a key; set BIOPIPELINES_GATEWAY_KEY', { host: options.host });
    let graceMs = options.shutdownTimeoutMs;
    const signal = await waitForShutdownSignal(() => {
      graceMs = 0;
      void gateway.close(0);
    });
    logger.info('shutting down: no new requests; waiting for in-flight ones', {
      signal,
      in_flight: gateway.inFlight(),
      timeout_ms: graceMs,
    });
    const { interrupted } = await gateway.close(graceMs);
    if (interrupted > 0) logger.warn('cut requests still running at the shutdown timeout', { interrupted });
  } finally {
    metrics = await session.close();
  }
  // "Flushed" only when every record reached the file; the loss itself was logged by close().
  if (metrics.dropped === 0) logger.info('stopped; routing metrics flushed');
  else logger.warn('stopped; routing metrics were lost', { dropped: metrics.dropped });
  return 0;
}
