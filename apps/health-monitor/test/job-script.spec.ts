import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureClusterAndSimulator, listJobs, restartCount, workspace } from './support/local-cluster.js';
import { TestFleet, waitFor } from './support/test-fleet.js';

let fleet: TestFleet;
let jobId: string;

beforeAll(async () => {
  ensureClusterAndSimulator();
  fleet = await TestFleet.create('job', [{ name: 'coder' }]);
}, 60_000);
afterAll(() => fleet?.cleanUp());

const healthOf = async (url: string): Promise<number> =>
  (await fetch(`${url}/health`).catch(() => ({ status: 0 }))).status;
const serverPids = (log: string): string[] =>
  [...log.matchAll(/started vLLM \(pid (\d+)\)/g)].map((match) => match[1] ?? '');

describe('slurm_vllm_job.sh on the local Slurm cluster, with the simulator as VLLM_BIN', () => {
  it('--print shows the sbatch command built from the fleet manifest, with GPUs overridden to none', () => {
    const result = spawnSync(
      'bash',
      [path.join(workspace, 'infra/slurm/slurm_vllm_job.sh'), '--print', 'coder', '--begin=now+1hour'],
      { encoding: 'utf8', env: { ...process.env, ...fleet.env } },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `sbatch --parsable --job-name=${fleet.prefix}coder --partition=t4flex --time=00:30:00 --cpus-per-task=1 --mem=200M --gres=none`,
    );
    expect(result.stdout.trim()).toMatch(/--begin=now\+1hour \S*infra\/slurm\/slurm_vllm_job\.sh coder$/);
  });

  it('brings the role up and publishes it to the registry once /health answers', async () => {
    jobId = fleet.submit('coder');
    const entry = await waitFor('the registry entry', () =>
      fleet.entries('coder').find((candidate) => candidate.job_id === jobId),
    );
    expect(entry).toMatchObject({
      schema_version: 1,
      role: 'coder',
      url: `http://${entry.node}:${fleet.ports.get('coder')}`,
      job_id: jobId,
      served_model_name: 'coder-model',
    });
    expect(Date.now() - Date.parse(entry.updated_at)).toBeLessThan(60_000);
    expect(fleet.registryFiles()).toEqual([`coder.${jobId}.json`]);
    expect(await healthOf(entry.url)).toBe(200);
    const models = (await (await fetch(`${entry.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((card) => card.id)).toEqual(['coder-model']);
    expect(listJobs(fleet.prefix)).toEqual([expect.objectContaining({ jobId, state: 'RUNNING' })]);
  }, 90_000);

  it('restarts the server inside the allocation when its process is killed', async () => {
    const [firstPid] = serverPids(fleet.jobLog('coder', jobId));
    expect(firstPid).toMatch(/^\d+$/);
    process.kill(Number(firstPid), 'SIGKILL');
    await waitFor(
      'a second server process',
      () => (serverPids(fleet.jobLog('coder', jobId)).length >= 2 ? true : undefined),
      30_000,
    );
    const entry = await waitFor('the role healthy again', async () => {
      const found = fleet.entries('coder').find((candidate) => candidate.job_id === jobId);
      return found !== undefined && (await healthOf(found.url)) === 200 ? found : undefined;
    });
    expect(entry.job_id).toBe(jobId);
    expect(fleet.jobLog('coder', jobId)).toMatch(/vLLM exited \(status 137, 1 within 600 s\); restarting in 1 s/);
    expect(listJobs(fleet.prefix)).toEqual([expect.objectContaining({ jobId, state: 'RUNNING' })]);
  }, 90_000);

  it('requeues itself on the time-limit signal (USR1) and comes back under the same job id', async () => {
    expect(spawnSync('scancel', ['--signal=USR1', '--batch', jobId]).status).toBe(0);
    await waitFor('the requeue', () => (restartCount(jobId) === 1 ? true : undefined), 30_000);
    await waitFor(
      'the role published again after the requeue',
      () =>
        /restart 1\)/.test(fleet.jobLog('coder', jobId)) &&
        fleet.entries('coder').some((entry) => entry.job_id === jobId)
          ? true
          : undefined,
      60_000,
    );
    const log = fleet.jobLog('coder', jobId);
    expect(log).toMatch(/time limit is near; requeueing job/);
    expect(log).toMatch(/received SIGTERM; stopping the server and withdrawing/);
  }, 120_000);

  it('withdraws its registry entry when cancelled', async () => {
    expect(spawnSync('scancel', [jobId]).status).toBe(0);
    await waitFor('the entry withdrawn', () => (fleet.registryFiles().length === 0 ? true : undefined), 30_000);
    await waitFor(
      'the job cancelled',
      () => (listJobs(fleet.prefix).every((row) => row.state === 'CANCELLED') ? true : undefined),
      30_000,
    );
  }, 60_000);
});
