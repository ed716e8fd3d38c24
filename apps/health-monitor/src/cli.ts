import { userInfo } from 'node:os';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  applyEnvironmentAliases,
  defaultFleetManifestPath,
  exitCodeFor,
  loadFleetManifest,
  normalizeError,
  type Environment,
} from '@biopipe/core';
import { chooseLogFormat, createLogger, type LogFormat, type LogLevel } from './create-logger.js';
import { findRole } from './fleet/find-role.js';
import { fleetFileFromEnvironment, readGpuOverride, resolveFleetPaths } from './fleet/fleet-paths.js';
import { AlertNotifier } from './monitor/alert-notifier.js';
import { checkRoleEndpoint } from './monitor/check-role-endpoint.js';
import { acquireInstanceLock, MonitorAlreadyRunningError } from './monitor/instance-lock.js';
import { startMetricsServer } from './monitor/metrics-server.js';
import { runMonitorLoop } from './monitor/monitor-loop.js';
import { MonitorMetrics } from './monitor/monitor-metrics.js';
import { DEFAULT_MONITOR_SETTINGS, type MonitorSettings } from './monitor/monitor-settings.js';
import { ResetRequests } from './monitor/reset-requests.js';
import { runRound } from './monitor/run-round.js';
import { StateStore } from './monitor/state-store.js';
import { createJobSubmitter } from './monitor/submit-role-job.js';
import { parseCount, parseDuration } from './parse-duration.js';
import { createCommandRunner, SlurmAdapter } from './slurm/slurm-adapter.js';

/** Exit codes: 0 the fleet is healthy (or the service stopped cleanly); 1 some role is not; 2 usage or configuration; 75 another monitor holds the lock. */
export const MONITOR_EXIT_CODES = { healthy: 0, unhealthy: 1, usage: 2, locked: 75 } as const;

interface CliOptions {
  fleet?: string;
  interval: string;
  once?: boolean;
  dryRun?: boolean;
  metricsPort?: string;
  metricsHost: string;
  failures: string;
  startupGrace: string;
  backoff: string;
  maxBackoff: string;
  maxRestarts: string;
  checkTimeout: string;
  slurmFailures: string;
  pendingAlert: string;
  logLevel: LogLevel;
  logFormat?: LogFormat;
  reset?: string[];
}

function createProgram(name: string): Command {
  const minutes = (ms: number): string => `${ms / 60_000}m`;
  return new Command(name)
    .description(
      "Keeps the vLLM fleet alive: checks every role's SLURM job and server, restarts what died, alerts on changes.",
    )
    .option('--fleet <file>', 'fleet manifest (default: BIOPIPELINES_FLEET_FILE or config/fleet.yaml)')
    .option('--interval <duration>', 'time between rounds', minutes(DEFAULT_MONITOR_SETTINGS.intervalMs))
    .option('--once', 'run one round; exit 0 if every role is healthy, 1 if not (for cron)')
    .option('--dry-run', 'report what would be done; submit, cancel, save and post nothing (takes no lock)')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port (0: any free port)')
    .option('--metrics-host <host>', 'address for /metrics', '127.0.0.1')
    .option(
      '--failures <count>',
      'consecutive failed checks before a running job is restarted',
      String(DEFAULT_MONITOR_SETTINGS.failureThreshold),
    )
    .option(
      '--startup-grace <duration>',
      'checks of a new job do not count as failures for this long',
      minutes(DEFAULT_MONITOR_SETTINGS.startupGraceMs),
    )
    .option(
      '--backoff <duration>',
      'delay before the second restart within the hour; doubles after',
      minutes(DEFAULT_MONITOR_SETTINGS.backoffMs),
    )
    .option(
      '--max-backoff <duration>',
      'longest delay between restarts',
      minutes(DEFAULT_MONITOR_SETTINGS.maxBackoffMs),
    )
    .option(
      '--max-restarts <count>',
      'restarts per role per hour before giving up on it',
      String(DEFAULT_MONITOR_SETTINGS.maxRestartsPerHour),
    )
    .option(
      '--check-timeout <duration>',
      'timeout of each HTTP check',
      `${DEFAULT_MONITOR_SETTINGS.checkTimeoutMs / 1000}s`,
    )
    .option(
      '--slurm-failures <count>',
      'rounds in a row that cannot list SLURM jobs before one alert says Slurm cannot be reached',
      String(DEFAULT_MONITOR_SETTINGS.slurmFailureThreshold),
    )
    .option(
      '--pending-alert <duration>',
      'alert once when a job stays PENDING longer than this',
      minutes(DEFAULT_MONITOR_SETTINGS.pendingAlertMs),
    )
    .addOption(
      new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'),
    )
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines as text or JSON (default: text on a terminal, JSON otherwise)',
      ).choices(['text', 'json']),
    )
    .option('--reset <roles...>', "clear the roles' counters and gave-up mark at the next round, then exit")
    .addHelpText(
      'after',
      '\nEnvironment: BIOPIPELINES_ALERT_WEBHOOK_URL (Slack-compatible webhook), VLLM_API_KEY (for /v1/models),\nBIOPIPELINES_STATE_DIR (state, lock, registry, job logs), BIOPIPELINES_SLURM_GPUS (GPUs per job, overrides the manifest).',
    )
    .exitOverride();
}

function readSettings(options: CliOptions): MonitorSettings {
  return {
    ...DEFAULT_MONITOR_SETTINGS,
    intervalMs: parseDuration(options.interval, '--interval'),
    failureThreshold: parseCount(options.failures, '--failures', 1),
    startupGraceMs: parseDuration(options.startupGrace, '--startup-grace'),
    backoffMs: parseDuration(options.backoff, '--backoff'),
    maxBackoffMs: parseDuration(options.maxBackoff, '--max-backoff'),
    maxRestartsPerHour: parseCount(options.maxRestarts, '--max-restarts', 1),
    checkTimeoutMs: parseDuration(options.checkTimeout, '--check-timeout'),
    slurmFailureThreshold: parseCount(options.slurmFailures, '--slurm-failures', 1),
    pendingAlertMs: parseDuration(options.pendingAlert, '--pending-alert'),
  };
}

/** Where the health monitor command reads and writes; every field has the process's own as default. */
export interface HealthMonitorIo {
  /** @default process.env */
  env?: Environment;
  /** Log lines go here. @default process.stderr */
  stderr?: NodeJS.WritableStream;
  /** The command the user ran (`biopipe-monitor` where the package is installed), for `--help`. @default 'health-monitor' */
  name?: string;
}

/** Runs the health monitor command; resolves to its exit code. */
export async function runHealthMonitor(argv: readonly string[], io: HealthMonitorIo = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const name = io.name ?? 'health-monitor';
  const env = applyEnvironmentAliases(io.env ?? process.env, (line) => stderr.write(`${line}\n`));
  const program = createProgram(name);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    return error instanceof CommanderError && error.exitCode === 0 ? 0 : MONITOR_EXIT_CODES.usage;
  }
  const options = program.opts<CliOptions>();
  const logger = createLogger(options.logLevel, stderr, chooseLogFormat(options.logFormat, stderr));
  let release = (): void => undefined;
  let closeMetrics = async (): Promise<void> => undefined;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  try {
    const settings = readSettings(options);
    const metricsPort =
      options.metricsPort === undefined ? undefined : parseCount(options.metricsPort, '--metrics-port', 0);
    const fleetFile = path.resolve(options.fleet ?? fleetFileFromEnvironment(env) ?? defaultFleetManifestPath());
    const manifest = loadFleetManifest(fleetFile);
    const paths = resolveFleetPaths(env);
    const resetRequests = new ResetRequests(path.join(paths.monitorDirectory, 'reset-requests'));
    if (options.reset !== undefined) {
      for (const role of options.reset) findRole(manifest, role, fleetFile);
      for (const role of options.reset) resetRequests.request(role);
      logger.info('reset requested; the next round applies it', { roles: options.reset });
      return 0;
    }
    const dryRun = options.dryRun === true;
    if (!dryRun)
      release = acquireInstanceLock({ file: path.join(paths.monitorDirectory, 'health-monitor.lock') }).release;
    const metrics = new MonitorMetrics();
    if (metricsPort !== undefined) {
      const server = await startMetricsServer(metrics, metricsPort, options.metricsHost);
      closeMetrics = server.close;
      logger.info('serving metrics', {
        url: `http://${options.metricsHost}:${server.port}/metrics`,
        port: server.port,
      });
    }
    // SIGTERM kills a Slurm command in progress with its process group, so stopping takes at most
    // the check timeout (an HTTP check in flight) plus a few seconds, however slurmctld behaves.
    const slurm = new SlurmAdapter(createCommandRunner({ signal: controller.signal }));
    const gpus = readGpuOverride(env);
    const webhookUrl = env['BIOPIPELINES_ALERT_WEBHOOK_URL'];
    const apiKey = env['VLLM_API_KEY'];
    const round = () =>
      runRound({
        manifest,
        settings,
        slurm,
        submitJob: createJobSubmitter({ manifest, fleetFile, slurm, paths, ...(gpus === undefined ? {} : { gpus }) }),
        checkEndpoint: (url, servedModelName) =>
          checkRoleEndpoint({
            url,
            servedModelName,
            timeoutMs: settings.checkTimeoutMs,
            ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
          }),
        owner: { userId: process.getuid?.() ?? -1, userName: userInfo().username },
        registryDirectory: paths.registryDirectory,
        stateStore: new StateStore(path.join(paths.monitorDirectory, 'state.json'), logger),
        resetRequests,
        notifier: new AlertNotifier({
          logger,
          dryRun,
          ...(webhookUrl === undefined || webhookUrl === '' ? {} : { webhookUrl }),
        }),
        metrics,
        logger,
        dryRun,
        now: () => new Date(),
        signal: controller.signal,
      });
    logger.info('health monitor started', {
      fleet: fleetFile,
      roles: Object.keys(manifest.roles),
      interval_ms: settings.intervalMs,
      once: options.once === true,
      dry_run: dryRun,
      state_dir: paths.stateDirectory,
    });
    if (options.once === true) {
      const result = await round();
      logger.info('round done', {
        healthy: result.healthy,
        roles: Object.fromEntries(Object.entries(result.roles).map(([role, state]) => [role, state.status])),
      });
      return result.healthy ? MONITOR_EXIT_CODES.healthy : MONITOR_EXIT_CODES.unhealthy;
    }
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    await runMonitorLoop({ round, intervalMs: settings.intervalMs, logger, signal: controller.signal });
    return 0;
  } catch (thrown) {
    const error = normalizeError(thrown);
    logger.error(error.message, { code: error.code, hint: error.hint });
    return error instanceof MonitorAlreadyRunningError ? MONITOR_EXIT_CODES.locked : exitCodeFor(error.code);
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await closeMetrics();
    release();
  }
}
