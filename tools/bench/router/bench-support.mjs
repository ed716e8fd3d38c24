import net from 'node:net';
import { Worker } from 'node:worker_threads';

/** Simulated servers in a worker thread, driven by messages. */
export function startSimWorker() {
  const worker = new Worker(new URL('./sim-worker.mjs', import.meta.url));
  let next = 0;
  const pending = new Map();
  worker.on('message', (message) => {
    const entry = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) entry?.reject(new Error(message.error));
    else entry?.resolve(message);
  });
  const call = (message) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  return {
    start: (options = {}) => call({ type: 'start', options }),
    setFaults: (index, faults) => call({ type: 'faults', index, faults }),
    stop: async () => {
      await call({ type: 'stop' });
      await worker.terminate();
    },
  };
}

/** A loopback URL where nothing listens (bound, then closed). */
export async function refusingUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const ms = (value) => `${value.toFixed(3)} ms`;
export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A profile on the given replica URLs (the generalist role serves every task). */
export function profileYaml(name, urls, extra = '') {
  return `profile_name: ${name}
vllm_endpoints:
  generalist: { urls: [${urls.map((url) => `"${url}"`).join(', ')}], served_model_name: qwen-bench }
task_routing: { "*": generalist }
${extra}
`;
}
