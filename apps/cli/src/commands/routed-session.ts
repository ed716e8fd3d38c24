import { loadFleetManifest, type FleetManifest, type HealthSource, type StrategyConfig } from '@biopipe/core';
import { createProfileMetricsSink } from '@biopipe/metrics';
import { ModelOrchestrator } from '@biopipe/router';
import type { CommandContext } from '../context.js';
import { openSpendLedger } from './spend-ledger.js';

/** An orchestrator on the active strategy, writing routing metrics to the JSONL file, and its cleanup. */
export interface RoutedSession {
  orchestrator: ModelOrchestrator;
  config: StrategyConfig;
  strategyReason: string;
  fleet: FleetManifest | undefined;
  /** Flushes the metrics to disk; call once at the end, whatever happened. */
  close(): Promise<void>;
}

function loadFleet(): FleetManifest | undefined {
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
  options: { healthSource?: HealthSource; writeMetrics: boolean },
): Promise<RoutedSession> {
  const resolved = await context.resolveStrategy();
  const { config } = resolved;
  const fleet = loadFleet();
  const sink = options.writeMetrics
    ? createProfileMetricsSink({ settings: config.profile.metrics, env: context.env })
    : undefined;
  const orchestrator = await ModelOrchestrator.create({
    strategy: config,
    env: context.env,
    registry: context.registry(),
    fleet: fleet ?? null,
    metricsSink: sink,
    healthSource: options.healthSource,
    spendLedgerFor: (profile) => openSpendLedger(profile, context.env, (text) => context.output.err(text)),
  });
  return { orchestrator, config, strategyReason: resolved.reason, fleet, close: async () => sink?.close() };
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
