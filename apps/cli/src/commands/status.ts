import { BiopipeError, loadFleetManifest, type ResolvedStrategy } from '@biopipe/core';
import {
  ResourceDetector,
  assessCoverage,
  collectCloudModels,
  collectEndpoints,
  detectStrategy,
  probeSlurm,
  type Coverage,
  type ResourceStatus,
  type StrategyDetection,
} from '@biopipe/detector';
import type { CommandContext } from '../context.js';
import { toSnakeCaseKeys } from '../json-values.js';
import { formatJson, redactingOutput } from '../output.js';
import { printStatusTables } from './status-tables.js';
import { readBudgetStatus } from './spend-ledger.js';
import type { BudgetStatus } from '@biopipe/router';
import { withSpinner } from '../spinner.js';

export interface StatusOptions {
  /** Make one authenticated call per cloud model the strategy uses. */
  verifyKeys: boolean;
  /** Deadline of each check, overriding the profile's `health.check_timeout_ms`. */
  timeoutMs?: number | undefined;
}

/** The `--json` shape of `biopipe status` (stable: scripts read it). */
export interface StatusReport extends ResourceStatus {
  strategy: { name: string; source: ResolvedStrategy['source']; reason: string; allow_cloud: boolean } | null;
  auto_detect: {
    strategy: string | null;
    reason: string;
    error: { code: string; message: string; hint: string | null } | null;
  };
  /** Cloud spend today and this month against the active strategy's budget; null without a budget. */
  budget?: BudgetStatus | null;
  /** Every task type the active strategy routes has a backend (false when there is no strategy). */
  can_serve: boolean;
  coverage: Coverage['tasks'];
}

/**
 * `biopipe status`: what the detector finds for the active strategy, what auto-detection would pick,
 * and whether every routed task type has a backend. Exit 0 when it has, 3 when not. An unreadable
 * spend ledger is shown with its reset hint but keeps exit 0: it closes the cloud, not the cluster.
 */
export async function showStatus(context: CommandContext, options: StatusOptions): Promise<number> {
  const started = performance.now();
  const env = context.env;
  const fleet = loadFleetManifest();
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  // Auto-detection always runs (the report says what it would pick); strategy resolution reuses it.
  const detection = detectStrategy({ registry: context.registry(), env, fleet, ...timeout });
  // Awaited below; marked handled so a failure while resolution throws first is not an unhandled rejection.
  detection.catch(() => undefined);
  let resolved: ResolvedStrategy | undefined;
  try {
    resolved = await context.resolveStrategy(async () => {
      const result = await detection;
      if (result.pick === undefined)
        throw result.error ?? new BiopipeError('strategy_detection_failed', 'Auto-detection found no backend.');
      return result.pick;
    });
  } catch (error) {
    if (!BiopipeError.isInstance(error) || error.code !== 'strategy_detection_failed') throw error;
  }

  const detected = await withSpinner('checking the fleet, cloud keys and SLURM', detection);
  const status = await withSpinner(
    'checking the active strategy',
    detectForStrategy(resolved, detected, { env, fleet, verifyKeys: options.verifyKeys, ...timeout }),
  );
  const coverage = resolved === undefined ? { can_serve: false, tasks: [] } : assessCoverage(resolved.config, status);
  const report: StatusReport = {
    strategy:
      resolved === undefined
        ? null
        : {
            name: resolved.config.name,
            source: resolved.source,
            reason: resolved.reason,
            allow_cloud: resolved.config.allowCloud,
          },
    auto_detect: {
      strategy: detected.pick?.strategy ?? null,
      reason: detected.pick?.reason ?? 'no healthy vLLM endpoint and no cloud key set',
      error:
        detected.error === undefined
          ? null
          : { code: detected.error.code, message: detected.error.message, hint: detected.error.hint ?? null },
    },
    can_serve: coverage.can_serve,
    coverage: coverage.tasks,
    budget: resolved === undefined ? null : (readBudgetStatus(resolved.config, env) ?? null),
    ...status,
    duration_ms: Math.round(performance.now() - started),
  };
  const output = redactingOutput(context.output);
  if (output.json) output.out(formatJson(toSnakeCaseKeys(report)));
  else printStatusTables(output, report);
  return report.can_serve ? 0 : 3;
}

/**
 * Checks the active strategy's resources. When auto-detection picked it, its endpoints were just
 * checked and are reused, so the command costs one timeout, not two.
 */
async function detectForStrategy(
  resolved: ResolvedStrategy | undefined,
  detected: StrategyDetection,
  options: {
    env: NodeJS.ProcessEnv;
    fleet: ReturnType<typeof loadFleetManifest>;
    verifyKeys: boolean;
    timeoutMs?: number;
  },
): Promise<ResourceStatus> {
  if (resolved === undefined) {
    const slurm = await probeSlurm({ timeoutMs: options.timeoutMs ?? detected.status.timeout_ms, env: options.env });
    return { ...detected.status, slurm, slurm_available: slurm.state === 'available' };
  }
  const config = resolved.config;
  if (resolved.source !== 'auto-detect')
    return ResourceDetector.fromStrategy(config, { ...options, cacheTtlMs: 0 }).detect();
  const keys = new Set(collectEndpoints(config, options).map((endpoint) => `${endpoint.role} ${endpoint.url}`));
  const rest = await new ResourceDetector({
    timeoutMs: options.timeoutMs ?? config.profile.health.check_timeout_ms,
    env: options.env,
    endpoints: [],
    cloudModels: collectCloudModels(config),
    verifyKeys: options.verifyKeys,
  }).detect();
  return {
    ...rest,
    vllm_endpoints: detected.status.vllm_endpoints.filter((endpoint) => keys.has(`${endpoint.role} ${endpoint.url}`)),
  };
}
