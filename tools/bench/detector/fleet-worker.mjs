// Runs the benchmark's simulated servers in their own thread, so the detector under test does not
// share its event loop with the servers it checks (as with a real fleet on other machines).
import { parentPort, workerData } from 'node:worker_threads';
import { startVllmSim } from '@biopipe/vllm-sim';

const { healthy, hanging } = workerData;
const start = (faults) =>
  startVllmSim({ servedModelName: 'qwen2.5-7b-instruct', port: 0, ...(faults === undefined ? {} : { faults }) });
const sims = await Promise.all([
  ...Array.from({ length: healthy }, () => start()),
  ...Array.from({ length: hanging }, () => start({ hang: { allEndpoints: true } })),
]);
await Promise.all(sims.map((sim) => sim.ready));
parentPort.postMessage({
  healthy: sims.slice(0, healthy).map((sim) => sim.url),
  hanging: sims.slice(healthy).map((sim) => sim.url),
});
parentPort.once('message', async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  parentPort.postMessage('stopped');
});
