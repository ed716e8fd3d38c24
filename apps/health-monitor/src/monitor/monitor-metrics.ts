import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EndpointCheck } from './role-observation.js';
import type { RoleState } from './role-state.js';

/** The monitor's Prometheus metrics, in a registry of their own (no process-wide defaults). */
export class MonitorMetrics {
  readonly registry = new Registry();
  private readonly up: Gauge;
  private readonly gaveUp: Gauge;
  private readonly failures: Gauge;
  private readonly lastCheck: Gauge;
  private readonly restarts: Counter;
  private readonly checkDuration: Histogram;
  private readonly rounds: Counter;

  constructor() {
    const registers = [this.registry];
    this.up = new Gauge({
      name: 'biopipe_fleet_role_up',
      help: 'Whether the role answered its last check (1) or not (0).',
      labelNames: ['role'],
      registers,
    });
    this.gaveUp = new Gauge({
      name: 'biopipe_fleet_role_gave_up',
      help: 'Whether the monitor gave up restarting the role until someone resets it.',
      labelNames: ['role'],
      registers,
    });
    this.failures = new Gauge({
      name: 'biopipe_fleet_role_consecutive_failures',
      help: 'Consecutive failed checks of the role.',
      labelNames: ['role'],
      registers,
    });
    this.lastCheck = new Gauge({
      name: 'biopipe_fleet_role_last_check_timestamp_seconds',
      help: 'When the role was last checked (Unix time).',
      labelNames: ['role'],
      registers,
    });
    this.restarts = new Counter({
      name: 'biopipe_fleet_role_restarts_total',
      help: 'Restarts (job submissions) this monitor made for the role.',
      labelNames: ['role'],
      registers,
    });
    this.checkDuration = new Histogram({
      name: 'biopipe_fleet_check_duration_seconds',
      help: 'Latency of a role check (/health and /v1/models).',
      labelNames: ['role'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rounds = new Counter({
      name: 'biopipe_fleet_monitor_rounds_total',
      help: 'Completed monitor rounds.',
      registers,
    });
  }

  recordRole(role: string, state: RoleState, check: EndpointCheck | undefined, now: Date): void {
    this.up.set({ role }, state.status === 'healthy' ? 1 : 0);
    this.gaveUp.set({ role }, state.incident === 'gave_up' ? 1 : 0);
    this.failures.set({ role }, state.consecutive_failures);
    this.lastCheck.set({ role }, now.getTime() / 1000);
    if (check !== undefined) this.checkDuration.observe({ role }, check.latencyMs / 1000);
  }

  recordRestart(role: string): void {
    this.restarts.inc({ role });
  }

  recordRound(): void {
    this.rounds.inc();
  }

  /** The Prometheus text exposition. */
  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
