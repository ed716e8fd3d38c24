import { z } from 'zod';

/**
 * What the last round saw of a role: `healthy`; `pending` (job queued); `starting` (job running,
 * server not answering yet, within the startup grace); `failing` (running, fewer than K failed
 * checks); `down` (needs a restart); `restarting` (restart submitted); `gave_up`; `unknown`.
 */
export const roleStatusSchema = z.enum([
  'unknown',
  'healthy',
  'pending',
  'starting',
  'failing',
  'down',
  'restarting',
  'gave_up',
]);
export type RoleStatus = z.output<typeof roleStatusSchema>;

/**
 * The open incident of a role, which alerts follow: one alert when it changes, none while it stays.
 * `none` -> `down` (cannot restart yet) -> `restarting` -> `gave_up`; back to `none` = recovered.
 */
export const incidentSchema = z.enum(['none', 'down', 'restarting', 'gave_up']);
export type Incident = z.output<typeof incidentSchema>;

/** One role's persisted state. */
export const roleStateSchema = z.object({
  status: roleStatusSchema.default('unknown'),
  incident: incidentSchema.default('none'),
  consecutive_failures: z.number().int().min(0).default(0),
  /** Times (ISO 8601) of the restarts within the last hour: the cap and the backoff count these. */
  restarts: z.array(z.string()).default([]),
  /** The job id the monitor last submitted for the role. */
  submitted_job_id: z.string().optional(),
  /** The last job seen healthy; a running job that never was is still starting up. */
  healthy_job_id: z.string().optional(),
  last_check_at: z.string().optional(),
  /** Why the role is in its status, in words. */
  detail: z.string().default(''),
  /** The last submission failed (its alert is sent once, until a submission succeeds). */
  submit_failed: z.boolean().default(false),
  /** The pending job the monitor is timing, and since when it has been pending (ISO 8601). */
  pending_job_id: z.string().optional(),
  pending_since: z.string().optional(),
  /** The pending job already reported as pending too long (one alert per job). */
  pending_alerted_job_id: z.string().optional(),
});
export type RoleState = z.output<typeof roleStateSchema>;

export function initialRoleState(): RoleState {
  return roleStateSchema.parse({});
}

/** The state file: `<state dir>/health-monitor/state.json`. */
export const monitorStateSchema = z.object({
  schema_version: z.literal(1),
  updated_at: z.string().optional(),
  /** Rounds in a row whose job listing failed, and whether the "Slurm cannot be reached" alert went out. */
  slurm: z
    .object({
      failed_rounds: z.number().int().min(0).default(0),
      alerted: z.boolean().default(false),
    })
    .optional(),
  roles: z.record(z.string(), roleStateSchema).default({}),
});
export type MonitorState = z.output<typeof monitorStateSchema>;
