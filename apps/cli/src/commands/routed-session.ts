import {
  defaultFleetManifestPath,
  loadFleetManifest,
  type FleetManifest,
  type HealthSource,
  type Logger,
  type StrategyConfig,
} from '@biopipe/core';
import { createProfileMetricsSink } from '@biopipe/metrics';
import { ModelOrchestrator } from '@biopipe/router';
import type { CommandContext } from '../context.js';
import { createStderrLogger } from '../serve/create-stderr-logger.js';
import { openSpendLedger } from './spend-ledger.js';

/** An orchestrator on the active strategy, writing routing metrics to the JSONL file, and its cleanup. */
export interface RoutedSession {
  orchestrator: ModelOrchestrator;
  config: StrategyConfig;
  strategyReason: string;
  fleet: FleetManifest | undefined;
  /** The metrics file this session writes, when it writes one. */
  metricsPath: string | undefined;
  /**
   * Flushes the metrics to disk; call once at the end, whatever happened. Says how many records were
   * lost, if any (through the session's logger), and resolves with that number.
   */
  close(): Promise<{ dropped: number }>;
}

/** The fleet file the user names with BIOPIPELINES_FLEET_FILE, if any. */
function namedFleetFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const named = env['BIOPIPELINES_FLEET_FILE'];
  return named !== undefined && named.trim() !== '' ? named : undefined;
}

/** The fleet manifest file in effect: BIOPIPELINES_FLEET_FILE, else the built-in config/fleet.yaml. */
export function fleetFileInEffect(env: Readonly<Record<string, string | undefined>>): string {
  return namedFleetFile(env) ?? defaultFleetManifestPath();
}

/**
 * The fleet manifest the servers were started from: BIOPIPELINES_FLEET_FILE (an overlay such as
 * config/fleet.specialists.yaml is how the optional roles' models become known), else the built-in
 * config/fleet.yaml. A file the user names must load (a ConfigValidationError, exit 2 with its line);
 * the built-in one is only a source of model names, so routing goes on without it.
 */
function loadFleet(env: Readonly<Record<string, string | undefined>>): FleetManifest | undefined {
  const named = namedFleetFile(env);
  if (named !== undefined) return loadFleetManifest(named);
  try {
    return loadFleetManifest();
  } catch {
    return undefined;
  }
}

/**
 * Resolves the strategy (flag > environment > user default > the detector's auto-detection) and
 * builds the orchestrator the `ask`, `embed` and `route` commands share.
 */
export async function openRoutedSession(
  context: CommandContext,
  options: {
    healthSource?: HealthSource;
    writeMetrics: boolean;
    logger?: Logger;
    scrapeReplicaLoad?: boolean;
    /** Run on this profile instead of resolving one (an evaluation's derived profile). */
    strategy?: StrategyConfig;
  },
): Promise<RoutedSession> {
  const resolved =
    options.strategy === undefined
      ? await context.resolveStrategy()
      : { config: options.strategy, reason: 'chosen by the command' };
  const { config } = resolved;
  const fleet = loadFleet(context.env);
  // Lost metrics are never silent: the sink reports its first write failure here, with the path and
  // the error, and close() says how many records were dropped.
  const logger =
    options.logger ??
    createStderrLogger({
      write: (line) => context.output.err(line),
      debug: context.options.debug === true,
      prefix: 'biopipe',
    });
  const sink = options.writeMetrics
    ? createProfileMetricsSink({ settings: config.profile.metrics, env: context.env, logger })
    : undefined;
  const orchestrator = await ModelOrchestrator.create({
    strategy: config,
    env: context.env,
    registry: context.registry(),
    fleet: fleet ?? null,
    metricsSink: sink,
    healthSource: options.healthSource,
    templates: context.templates(),
    scrapeReplicaLoad: options.scrapeReplicaLoad,
    spendLedgerFor: (profile) => openSpendLedger(profile, context.env, logger),
  });
  const close = async (): Promise<{ dropped: number }> => {
    if (sink === undefined) return { dropped: 0 };
    await sink.close();
    const { dropped } = sink.statistics();
    if (dropped > 0)
      logger.warn(`${dropped} routing metric record${dropped === 1 ? ' was' : 's were'} not written to ${sink.path}`, {
        path: sink.path,
        dropped,
      });
    return { dropped };
  };
  return { orchestrator, config, strategyReason: resolved.reason, fleet, metricsPath: sink?.path, close };
}

/**
 * Cancels `controller` on Ctrl-C (SIGINT), which aborts the upstream request; a second Ctrl-C
 * leaves the default behaviour. Returns the function that removes the handler.
 */
export function cancelOnInterrupt(controller: AbortController): () => void {
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  return () => process.removeListener('SIGINT', onInterrupt);
}
