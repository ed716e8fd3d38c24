import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEndpointRegistry, type EndpointRegistryEntry } from '@biopipe/core';
import { cancelJobs, simulatorBinary, workspace } from './local-cluster.js';

/** A port nobody listens on right now. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface TestRole {
  name: string;
  /** Extra `vllm serve` arguments, e.g. a bad value that makes every start fail. */
  extraArgs?: string[];
}

/**
 * A fleet of its own for one test file: a temporary fleet manifest (own job-name prefix, free ports,
 * small resources, `gpus: 1` overridden to 0 through BIOPIPELINES_SLURM_GPUS), its own state directory
 * (registry, logs, monitor state), and the simulator as VLLM_BIN.
 */
export class TestFleet {
  readonly directory: string;
  readonly prefix: string;
  readonly fleetFile: string;
  readonly stateDirectory: string;
  readonly ports = new Map<string, number>();
  readonly env: Record<string, string>;

  private constructor(directory: string, prefix: string) {
    this.directory = directory;
    this.prefix = prefix;
    this.fleetFile = path.join(directory, 'fleet.yaml');
    this.stateDirectory = path.join(directory, 'state');
    this.env = {
      BIOPIPELINES_STATE_DIR: this.stateDirectory,
      BIOPIPELINES_FLEET_FILE: this.fleetFile,
      BIOPIPELINES_SLURM_GPUS: '0',
      VLLM_BIN: simulatorBinary,
      BIOPIPELINES_RESTART_DELAY: '1',
      BIOPIPELINES_POLL_INTERVAL: '1',
      BIOPIPELINES_REFRESH_INTERVAL: '5',
    };
  }

  static async create(label: string, roles: TestRole[]): Promise<TestFleet> {
    const directory = mkdtempSync(path.join(tmpdir(), `hm-${label}-`));
    const fleet = new TestFleet(directory, `hmtest-${label}-${process.pid}-`);
    const lines = [
      'defaults:',
      '  gpus: 1',
      '  cpus: 1',
      '  memory: 200M',
      '  time_limit: "00:30:00"',
      `  job_name_prefix: ${fleet.prefix}`,
      'roles:',
    ];
    for (const role of roles) {
      const port = await findFreePort();
      fleet.ports.set(role.name, port);
      lines.push(
        `  ${role.name}:`,
        `    model: test/${role.name}`,
        `    served_model_name: ${role.name}-model`,
        `    port: ${port}`,
        '    max_model_len: 2048',
        '    vram_gb: 1',
      );
      if (role.extraArgs !== undefined) lines.push(`    extra_args: ${JSON.stringify(role.extraArgs)}`);
    }
    writeFileSync(fleet.fleetFile, `${lines.join('\n')}\n`);
    mkdirSync(fleet.stateDirectory, { recursive: true });
    return fleet;
  }

  /** Submits a role with the job script, as a person would; returns the job id. */
  submit(role: string, sbatchOptions: string[] = [], env: Record<string, string> = {}): string {
    const result = spawnSync('bash', [path.join(workspace, 'infra/slurm/slurm_vllm_job.sh'), role, ...sbatchOptions], {
      encoding: 'utf8',
      env: { ...process.env, ...this.env, ...env },
    });
    if (result.status !== 0) throw new Error(`submitting ${role} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** Fresh registry entries of a role. */
  entries(role: string): EndpointRegistryEntry[] {
    return (
      readEndpointRegistry(path.join(this.stateDirectory, 'endpoints'), { maxAgeSeconds: 600 }).roles.get(role) ?? []
    );
  }

  registryFiles(): string[] {
    try {
      return readdirSync(path.join(this.stateDirectory, 'endpoints'));
    } catch {
      return [];
    }
  }

  /** The job's output file (appended across requeues). */
  jobLog(role: string, jobId: string): string {
    try {
      return readFileSync(path.join(this.stateDirectory, 'logs', `${this.prefix}${role}-${jobId}.out`), 'utf8');
    } catch {
      return '';
    }
  }

  /** Cancels every job of this fleet and removes its files. */
  cleanUp(): void {
    cancelJobs(this.prefix);
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
