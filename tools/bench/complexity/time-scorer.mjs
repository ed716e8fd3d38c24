// p50/p99 of scoring one prompt, timing each call after a warm-up. Wall time includes the time the
// process waits for a core on a busy machine; CPU time (getrusage, this thread's user + system
// microseconds) is what the scorer itself costs, so both are reported.
import { performance } from 'node:perf_hooks';

const percentiles = (values) => {
  values.sort();
  const at = (q) => values[Math.min(values.length - 1, Math.floor(q * values.length))];
  return { p50_ms: at(0.5), p99_ms: at(0.99), max_ms: values[values.length - 1] };
};

export function timeCalls(score, prompt, { calls, warmup }) {
  for (let index = 0; index < warmup; index += 1) score(prompt);
  const wall = new Float64Array(calls);
  const cpu = new Float64Array(calls);
  for (let index = 0; index < calls; index += 1) {
    const cpuStart = process.threadCpuUsage?.() ?? process.cpuUsage();
    const started = performance.now();
    score(prompt);
    wall[index] = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpuStart);
    cpu[index] = (cpuUsed.user + cpuUsed.system) / 1000;
  }
  return { calls, wall: percentiles(wall), cpu: percentiles(cpu) };
}

/** A realistic 4 KB prompt: an orchestration request with a pasted samplesheet and a config excerpt. */
export function createPrompt(bytes, seedText) {
  let text = seedText;
  let row = 1;
  while (text.length < bytes) {
    text += `\nS${row},/data/run7/S${row}_R1.fastq.gz,/data/run7/S${row}_R2.fastq.gz,reverse,batch${row % 3}`;
    row += 1;
  }
  return text.slice(0, bytes);
}
