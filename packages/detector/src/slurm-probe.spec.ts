import { describe, expect, it } from '@jest/globals';
import type { CommandOutcome, CommandRunner } from './run-command.js';
import { probeSlurm } from './slurm-probe.js';

const answering = (outcome: CommandOutcome): CommandRunner & { calls: string[][] } => {
  const calls: string[][] = [];
  const runner: CommandRunner = (command, args) => {
    calls.push([command, ...args]);
    return Promise.resolve(outcome);
  };
  return Object.assign(runner, { calls });
};

describe('probeSlurm', () => {
  it('lists partitions and says whether the fleet partition is up', async () => {
    const runner = answering({ kind: 'exited', code: 0, stdout: 't4flex|up|1|idle\ndebug|up|1|idle\n', stderr: '' });
    const status = await probeSlurm({ timeoutMs: 1000, runner });
    expect(runner.calls).toEqual([['sinfo', '--noheader', '--format=%R|%a|%D|%t']]);
    expect(status).toMatchObject({
      state: 'available',
      reason: 't4flex up, debug up',
      fleet_partition: { name: 't4flex', up: true },
    });
    expect(status.partitions.map((partition) => partition.name)).toEqual(['t4flex', 'debug']);
  });

  it('says when the fleet partition is missing or down', async () => {
    const missing = await probeSlurm({
      timeoutMs: 1000,
      runner: answering({ kind: 'exited', code: 0, stdout: 'debug|up|1|idle\n', stderr: '' }),
    });
    expect(missing).toMatchObject({
      state: 'available',
      reason: 'debug up; no t4flex partition',
      fleet_partition: { up: false },
    });
    const down = await probeSlurm({
      timeoutMs: 1000,
      partition: 'gpu',
      runner: answering({ kind: 'exited', code: 0, stdout: 'gpu|up|1|down*\n', stderr: '' }),
    });
    expect(down).toMatchObject({
      reason: 'gpu up; gpu is not up (up, nodes down*)',
      fleet_partition: { name: 'gpu', up: false },
    });
  });

  it('keeps missing, hanging and failing apart', async () => {
    expect(await probeSlurm({ timeoutMs: 1000, runner: answering({ kind: 'missing' }) })).toMatchObject({
      state: 'missing',
      reason: 'sinfo is not on PATH (SLURM client tools are not installed here)',
    });
    expect(await probeSlurm({ timeoutMs: 250, runner: answering({ kind: 'timeout' }) })).toMatchObject({
      state: 'timeout',
      reason: 'sinfo did not answer within 250 ms (is slurmctld hanging?)',
    });
    const failed = await probeSlurm({
      timeoutMs: 1000,
      runner: answering({
        kind: 'exited',
        code: 1,
        stdout: '',
        stderr: 'sinfo: error: x\nslurm_load_partitions: Unable to contact slurm controller (connect failure)\n',
      }),
    });
    expect(failed).toMatchObject({
      state: 'failed',
      reason: 'sinfo exited 1: slurm_load_partitions: Unable to contact slurm controller (connect failure)',
      partitions: [],
    });
  });
});
