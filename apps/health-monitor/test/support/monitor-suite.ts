import { afterAll, beforeAll } from '@jest/globals';
import { ensureClusterAndSimulator } from './local-cluster.js';
import { MonitorProcess, WebhookRecorder } from './monitor-process.js';
import { TestFleet, type TestRole } from './test-fleet.js';

/** What every test of a monitor suite works with, set up once before them and torn down after. */
export interface MonitorSuite {
  readonly fleet: TestFleet;
  readonly webhook: WebhookRecorder;
  /** The fleet's environment with the webhook as the alert URL, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Starts the monitor as a real process; the suite stops it after all its tests. */
  startMonitor(args: string[], env: Record<string, string>): MonitorProcess;
}

/**
 * Registers the suite's `beforeAll` and `afterAll`: a fleet of its own (`prefix`, `roles`) and a webhook
 * recorder; afterwards every monitor started is stopped, then `restore` runs and the fleet's jobs and
 * files go. `cluster: false` for suites whose Slurm commands are fakes.
 */
export function useMonitorSuite(options: {
  prefix: string;
  roles: TestRole[];
  cluster?: boolean;
  restore?: () => void;
}): MonitorSuite {
  let fleet: TestFleet | undefined;
  let webhook: WebhookRecorder | undefined;
  const monitors: MonitorProcess[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the monitor suite is used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    if (options.cluster !== false) ensureClusterAndSimulator();
    fleet = await TestFleet.create(options.prefix, options.roles);
    webhook = await new WebhookRecorder().start();
  }, 60_000);
  afterAll(async () => {
    for (const monitor of monitors) await monitor.stop();
    options.restore?.();
    fleet?.cleanUp();
    await webhook?.stop();
  }, 60_000);
  return {
    get fleet() {
      return ready(fleet);
    },
    get webhook() {
      return ready(webhook);
    },
    env: (extra = {}) => ({ ...ready(fleet).env, BIOPIPELINES_ALERT_WEBHOOK_URL: ready(webhook).url, ...extra }),
    startMonitor(args, env) {
      const monitor = new MonitorProcess(args, env);
      monitors.push(monitor);
      return monitor;
    },
  };
}
