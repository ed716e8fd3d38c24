/** How the health monitor judges and restarts roles. Command-line options set these. */
export interface MonitorSettings {
  /** Time between rounds (`--interval`). @default 300000 (5 min) */
  intervalMs: number;
  /** Consecutive failed checks of a running job before it is restarted (`--failures`). @default 3 */
  failureThreshold: number;
  /** A new job's checks do not count as failures for this long after it starts (`--startup-grace`). @default 900000 (15 min) */
  startupGraceMs: number;
  /** Delay before a role's second restart within the hour; doubles with each further one (`--backoff`). @default 120000 (2 min) */
  backoffMs: number;
  /** Longest delay between restarts (`--max-backoff`). @default 1800000 (30 min) */
  maxBackoffMs: number;
  /** Restarts of one role per hour before the monitor gives up on it (`--max-restarts`). @default 3 */
  maxRestartsPerHour: number;
  /** Timeout of each HTTP check (`/health`, `/v1/models`). @default 5000 */
  checkTimeoutMs: number;
  /** Registry entries older than this are ignored. @default 600 */
  registryMaxAgeSeconds: number;
  /** Rounds in a row whose job listing failed before one alert says Slurm cannot be reached (`--slurm-failures`). @default 3 */
  slurmFailureThreshold: number;
  /** A job pending longer than this (held, waiting for a node) raises one alert (`--pending-alert`). @default 1800000 (30 min) */
  pendingAlertMs: number;
}

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  intervalMs: 300_000,
  failureThreshold: 3,
  startupGraceMs: 900_000,
  backoffMs: 120_000,
  maxBackoffMs: 1_800_000,
  maxRestartsPerHour: 3,
  checkTimeoutMs: 5000,
  registryMaxAgeSeconds: 600,
  slurmFailureThreshold: 3,
  pendingAlertMs: 1_800_000,
};
