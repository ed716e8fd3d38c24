// Runs simulated vLLM servers in a worker thread, so the client being measured has the main event
// loop to itself (as it would against a real server on another host).
import { parentPort } from 'node:worker_threads';
import { startVllmSim } from '@biopipe/vllm-sim';

const sims = [];
parentPort.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      const sim = await startVllmSim({ servedModelName: 'qwen-bench', port: 0, ...message.options });
      await sim.ready;
      sims.push(sim);
      parentPort.postMessage({ id: message.id, url: sim.url, index: sims.length - 1 });
    } else if (message.type === 'faults') {
      sims[message.index].setFaults(message.faults);
      parentPort.postMessage({ id: message.id });
    } else if (message.type === 'stop') {
      await Promise.all(sims.map((sim) => sim.stop()));
      parentPort.postMessage({ id: message.id });
    }
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error) });
  }
});
