import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { ensureClusterAndSimulator, listJobs } from './support/local-cluster.js';
import { TestFleet, waitFor } from './support/test-fleet.js';

let fleet: TestFleet;
let holder: Server;
let healthChecks = 0;

beforeAll(async () => {
  ensureClusterAndSimulator();
  fleet = await TestFleet.create('port', [{ name: 'coder' }]);
  // Another process's server on the role's port, answering /health like an old vLLM would.
  holder = createServer((request, response) => {
    if (request.url === '/health') healthChecks += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => holder.listen(fleet.ports.get('coder'), '0.0.0.0', resolve));
}, 60_000);
afterAll(async () => {
  fleet?.cleanUp();
  holder?.closeAllConnections();
  await new Promise((resolve) => holder?.close(resolve));
});

describe('slurm_vllm_job.sh when another process holds the port', () => {
  it("publishes no registry entry for another process's server, though /health answers on the port", async () => {
    const jobId = fleet.submit('coder', [], {
      // vLLM binds only after loading the model; the simulator does the same after this delay, so
      // the job's /health polls reach the other server while its own vLLM is still starting.
      VLLM_SIM_STARTUP_DELAY_MS: '3000',
      BIOPIPELINES_PORT_WAIT: '1',
      BIOPIPELINES_MAX_CRASHES: '2',
    });
    const seenEntries = new Set<string>();
    const state = await waitFor(
      'the job to give up after two failed starts',
      () => {
        for (const file of fleet.registryFiles()) seenEntries.add(file);
        const row = listJobs(fleet.prefix).find((candidate) => candidate.jobId === jobId);
        return row !== undefined && ['FAILED', 'COMPLETED'].includes(row.state) ? row.state : undefined;
      },
      90_000,
    );
    const log = fleet.jobLog('coder', jobId);
    expect(state).toBe('FAILED');
    expect(seenEntries).toEqual(new Set());
    expect(healthChecks).toBeGreaterThan(0);
    expect(log).toMatch(/port \d+ is still in use after 1 s; starting vLLM anyway/);
    expect(log).toMatch(/\/health answers on port \d+, but not from this job's server .*; not publishing/);
    expect(log).toMatch(
      /vLLM exited \(status 1, 2 within 600 s\); giving up|exited \(status 1\) 2 times within 600 s; giving up/,
    );
  }, 120_000);
});
