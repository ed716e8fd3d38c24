import { BiopipeError } from '@biopipe/core';
import { FINISHED_JOB_STATES, type JobPhase, type SlurmJob } from './slurm-job.js';

const BASE_STATES = new Set<string>(['PENDING', 'RUNNING', 'SUSPENDED', ...FINISHED_JOB_STATES]);
const FINISHED = new Set<string>(FINISHED_JOB_STATES);
const ENDING_FLAGS = new Set(['COMPLETING', 'SIGNALING', 'STAGE_OUT']);
const PENDING_FLAGS = new Set([
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'SPECIAL_EXIT',
  'RESV_DEL_HOLD',
  'CONFIGURING',
  'STOPPED',
]);

type Fields = Record<string, unknown>;

/** A number from 22.05 (plain) or 23.02+ (`{"set": true, "number": N}`); undefined when unset. */
function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null) {
    const wrapped = value as Fields;
    if (wrapped['set'] === false || wrapped['infinite'] === true) return undefined;
    if (typeof wrapped['number'] === 'number') return wrapped['number'];
  }
  return undefined;
}

function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** 22.05: one string, which is the flag when a flag is set ("COMPLETING"); 23.02+: base state and flags. */
function readState(value: unknown): { state: string; flags: string[] } {
  const names = (Array.isArray(value) ? value : [value]).filter((name): name is string => typeof name === 'string');
  const state = names.find((name) => BASE_STATES.has(name)) ?? '';
  return { state, flags: names.filter((name) => !BASE_STATES.has(name)) };
}

function phaseOf(state: string, flags: readonly string[]): JobPhase {
  if (flags.some((flag) => ENDING_FLAGS.has(flag))) return 'ending';
  if (state === 'RUNNING') return 'running';
  if (state === 'PENDING' || state === 'SUSPENDED' || flags.some((flag) => PENDING_FLAGS.has(flag))) return 'pending';
  if (FINISHED.has(state)) return 'finished';
  // An unknown state: treat it like a job still in the queue, so the monitor never kills what it does not understand.
  return 'pending';
}

/** 22.05: the raw wait status (768 = exit 3, 15 = killed by SIGTERM); 23.02+: `{return_code, signal}`. */
function readExit(value: unknown): { exitStatus: number | undefined; signal: number | undefined } {
  if (typeof value === 'number') {
    const signal = value & 0x7f;
    return signal === 0 ? { exitStatus: (value >> 8) & 0xff, signal: undefined } : { exitStatus: undefined, signal };
  }
  if (typeof value !== 'object' || value === null) return { exitStatus: undefined, signal: undefined };
  const fields = value as Fields;
  const signalFields = (fields['signal'] ?? {}) as Fields;
  const signal = readNumber(signalFields['id'] ?? signalFields['signal_id']);
  return { exitStatus: readNumber(fields['return_code']), signal: signal === 0 ? undefined : signal };
}

function parseJob(fields: Fields): SlurmJob {
  const { state, flags } = readState(fields['job_state']);
  const phase = phaseOf(state, flags);
  const started = readNumber(fields['start_time']);
  const submitted = readNumber(fields['submit_time']);
  return {
    jobId: String(readNumber(fields['job_id']) ?? readString(fields['job_id'])),
    name: readString(fields['name']),
    userId: readNumber(fields['user_id']),
    userName: readString(fields['user_name']),
    state,
    flags,
    phase,
    reason: readString(fields['state_reason']),
    node: readString(fields['batch_host']) || readString(fields['nodes']),
    submittedAt: submitted === undefined || submitted === 0 ? undefined : new Date(submitted * 1000),
    startedAt: phase === 'pending' || started === undefined || started === 0 ? undefined : new Date(started * 1000),
    ...readExit(fields['exit_code']),
    restartCount: readNumber(fields['restart_cnt']) ?? 0,
  };
}

/** The `errors` of an openapi document, in words (22.05: `{error, errno, description}`; 23.02+ adds `source`). */
function describeErrors(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Fields;
    const words = [readString(fields['description']), readString(fields['error'])].filter((text) => text !== '');
    const errno = readNumber(fields['error_number'] ?? fields['errno']);
    return `${[...new Set(words)].join(': ') || 'an error without a description'}${errno === undefined ? '' : ` (errno ${errno})`}`;
  });
}

/** Parses `squeue --json` from Slurm 22.05 (openapi v0.0.38) and from 23.02 onwards. @throws BiopipeError */
export function parseSqueueJson(text: string): SlurmJob[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BiopipeError(
      'internal',
      `squeue --json printed something that is not JSON: ${(error as Error).message}`,
      {
        hint: 'Run `squeue --json` by hand; this Slurm may be too old (JSON output needs 21.08 or newer).',
      },
    );
  }
  const errors = describeErrors((document as Fields | null)?.['errors']);
  if (errors.length > 0) {
    // Slurm 22.05 exits 0 and prints `"jobs": []` beside these while slurmctld is unreachable: that
    // empty list is not "no jobs", and judging roles by it would submit a second job for each.
    throw new BiopipeError('internal', `squeue --json reported errors: ${errors.join('; ')}`, {
      hint: 'Slurm could not list its jobs (is slurmctld reachable? try `scontrol ping`); no role is judged until it can.',
    });
  }
  const jobs = (document as Fields | null)?.['jobs'];
  if (!Array.isArray(jobs)) {
    throw new BiopipeError('internal', 'squeue --json printed no "jobs" list.', {
      hint: 'Run `squeue --json` by hand to see what it prints.',
    });
  }
  return jobs.filter((job): job is Fields => typeof job === 'object' && job !== null).map(parseJob);
}
