// What the gateway benchmarks share: starting the simulator, proxy and gateway processes, reading their
// memory, and a watchdog that bounds the run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const progress = (text) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

/** A process's resident set in MB; NaN once it is gone (its exit is reported on its own). */
export const rssMb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
};

/**
 * The node processes of one run. `start` resolves a process's `url` with the first
 * http://127.0.0.1:PORT it prints; a process that dies before `stopAll` says why.
 */
export function createProcessSet() {
  const processes = {};
  let stopping = false;
  const start = (name, args, options = {}) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    const url = new Promise((resolve, reject) => {
      const onData = (chunk) => {
        output += chunk;
        const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        const error = new Error(`${args.join(' ')} exited (${code ?? signal}):\n${output.slice(-4000)}`);
        reject(error);
        // A server that dies mid-run says why, rather than leaving a read of its /proc entry to fail.
        if (!stopping) progress(error.message);
      });
    });
    processes[name] = { child, url };
    return processes[name];
  };
  const stopAll = () => {
    stopping = true;
    for (const { child } of Object.values(processes)) if (child.exitCode === null) child.kill('SIGTERM');
  };
  return { processes, start, stopAll };
}

/** Stops everything and exits 1 when the run outlasts `ms`; `cleanUp` runs first. */
export function armWatchdog(ms, stopAll, cleanUp) {
  return setTimeout(() => {
    progress(`watchdog: the run took longer than ${ms} ms; stopping`);
    stopAll();
    cleanUp();
    process.exit(1);
  }, ms);
}
