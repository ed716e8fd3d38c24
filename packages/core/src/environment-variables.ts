/** One environment variable biopipe reads: the README's table and `biopipe --help` list these. */
interface EnvironmentVariable {
  name: string;
  /** The name it had before the `BIOPIPELINES_` prefix; still read, with a deprecation warning. */
  formerName?: string;
  /** What it sets. */
  description: string;
  /** What applies when it is unset. */
  default: string;
}

/** Every environment variable of biopipe, its health monitor and the fleet's job scripts. */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  {
    name: 'BIOPIPELINES_STRATEGY',
    description: 'strategy profile when --strategy is not given',
    default: 'your default (strategy use), else auto-detection',
  },
  {
    name: 'BIOPIPELINES_CONFIG_DIR',
    description: 'extra config directory holding strategies/NAME.yaml and templates',
    default: 'none',
  },
  {
    name: 'BIOPIPELINES_METRICS_PATH',
    description: 'routing metrics JSONL file (wins over the profile)',
    default: "the profile's metrics.path",
  },
  {
    name: 'BIOPIPELINES_STATE_DIR',
    description: 'state: endpoint registry, spend ledger, health monitor, job logs',
    default: '$XDG_STATE_HOME/biopipe or ~/.local/state/biopipe',
  },
  {
    name: 'BIOPIPELINES_DEBUG_ROUTING',
    description: '1 records why each candidate was chosen or skipped',
    default: 'off',
  },
  {
    name: 'BIOPIPELINES_GATEWAY_KEY',
    description: 'bearer token biopipe serve requires from clients',
    default: 'none: no key required',
  },
  {
    name: 'BIOPIPELINES_FLEET_FILE',
    formerName: 'BIOPIPE_FLEET_FILE',
    description: 'fleet manifest',
    default: 'config/fleet.yaml',
  },
  {
    name: 'BIOPIPELINES_SIM_CLOUD_KEY',
    formerName: 'BIOPIPE_SIM_CLOUD_KEY',
    description: "key of the development profile's simulated cloud (any value)",
    default: 'none',
  },
  { name: 'DEEPSEEK_API_KEY', description: 'DeepSeek key of the cloud fallback', default: 'none' },
  { name: 'ANTHROPIC_API_KEY', description: 'Anthropic key of the cloud fallback', default: 'none' },
  { name: 'OPENAI_API_KEY', description: 'OpenAI key of the cloud fallback', default: 'none' },
  { name: 'VLLM_API_KEY', description: "key the fleet's vLLM servers require", default: 'none' },
  {
    name: 'BIOPIPELINES_ALERT_WEBHOOK_URL',
    formerName: 'BIOPIPE_ALERT_WEBHOOK_URL',
    description: 'health monitor: Slack-compatible webhook for alerts',
    default: 'alerts go to the log only',
  },
  {
    name: 'BIOPIPELINES_SLURM_GPUS',
    formerName: 'BIOPIPE_SLURM_GPUS',
    description: 'GPUs per fleet job (0 on a cluster without GPUs)',
    default: "the manifest's defaults.gpus",
  },
  {
    name: 'BIOPIPELINES_HOME',
    formerName: 'BIOPIPE_HOME',
    description: 'job scripts: the directory holding config/ and infra/',
    default: "the job script's own",
  },
  {
    name: 'BIOPIPELINES_NODE',
    formerName: 'BIOPIPE_NODE',
    description: 'job scripts: the node binary (Node 20 or newer)',
    default: 'node on PATH',
  },
  { name: 'VLLM_BIN', description: 'job scripts: the vllm binary', default: 'vllm on PATH' },
  {
    name: 'BIOPIPELINES_MAX_CRASHES',
    formerName: 'BIOPIPE_MAX_CRASHES',
    description: 'job: server exits within the crash window before the job gives up',
    default: '5',
  },
  {
    name: 'BIOPIPELINES_CRASH_WINDOW',
    formerName: 'BIOPIPE_CRASH_WINDOW',
    description: 'job: crash window, seconds',
    default: '600',
  },
  {
    name: 'BIOPIPELINES_RESTART_DELAY',
    formerName: 'BIOPIPE_RESTART_DELAY',
    description: 'job: first restart delay, seconds (doubles)',
    default: '5',
  },
  {
    name: 'BIOPIPELINES_RESTART_DELAY_MAX',
    formerName: 'BIOPIPE_RESTART_DELAY_MAX',
    description: 'job: longest restart delay, seconds',
    default: '60',
  },
  {
    name: 'BIOPIPELINES_STARTUP_TIMEOUT',
    formerName: 'BIOPIPE_STARTUP_TIMEOUT',
    description: 'job: model download and load, seconds',
    default: '1800',
  },
  {
    name: 'BIOPIPELINES_REFRESH_INTERVAL',
    formerName: 'BIOPIPE_REFRESH_INTERVAL',
    description: 'job: endpoint registry refresh, seconds',
    default: '60',
  },
  {
    name: 'BIOPIPELINES_POLL_INTERVAL',
    formerName: 'BIOPIPE_POLL_INTERVAL',
    description: 'job: health poll, seconds',
    default: '2',
  },
  {
    name: 'BIOPIPELINES_PORT_WAIT',
    formerName: 'BIOPIPE_PORT_WAIT',
    description: 'job: wait for a busy port to be freed, seconds',
    default: '120',
  },
  {
    name: 'BIOPIPELINES_ENDPOINT_HOST',
    formerName: 'BIOPIPE_ENDPOINT_HOST',
    description: 'job: host published in the endpoint registry',
    default: 'the node name',
  },
  {
    name: 'BIOPIPELINES_VLLM_URL',
    description: 'tests: a real vLLM server to run the live suite against',
    default: 'live suite skipped',
  },
  {
    name: 'BIOPIPELINES_VLLM_STOP',
    description: 'tests: command the live suite runs to stop that server',
    default: 'none',
  },
  {
    name: 'BIOPIPELINES_DEV_CLUSTER_RUN_DIR',
    formerName: 'BIOPIPE_DEV_CLUSTER_RUN_DIR',
    description: 'local Slurm cluster: pid files',
    default: '/run/biopipe-dev-cluster',
  },
  {
    name: 'BIOPIPELINES_DEV_CLUSTER_CONF',
    formerName: 'BIOPIPE_DEV_CLUSTER_CONF',
    description: 'local Slurm cluster: slurm.conf',
    default: '/etc/slurm/slurm.conf',
  },
];

/**
 * The environment with every variable still set under its former `BIOPIPE_` name copied to its
 * `BIOPIPELINES_` name (which wins when both are set), and one `warn` line per such variable saying to
 * rename it. Each command's entry point calls this once, with its stderr; everything after it reads
 * the new names only.
 */
export function applyEnvironmentAliases<Env extends Readonly<Record<string, string | undefined>>>(
  env: Env,
  warn: (line: string) => void,
): Env {
  let resolved = env;
  for (const variable of ENVIRONMENT_VARIABLES) {
    if (variable.formerName === undefined) continue;
    const former = env[variable.formerName];
    if (former === undefined) continue;
    warn(`warning: ${variable.formerName} is deprecated; set ${variable.name} instead.`);
    if (env[variable.name] === undefined) resolved = { ...resolved, [variable.name]: former };
  }
  return resolved;
}
