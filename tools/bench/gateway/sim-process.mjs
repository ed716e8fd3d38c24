// One simulated vLLM server (zero latency) in its own process, as the benchmark's upstream: prints
// its URL on stdout and runs until SIGTERM.
import { startVllmSim } from '@biopipe/vllm-sim';

const sim = await startVllmSim({ servedModelName: process.argv[2] ?? 'qwen2.5-7b-instruct', maxNumSeqs: 1024 });
process.stdout.write(`${sim.url}\n`);
process.once('SIGTERM', () => void sim.stop().then(() => process.exit(0)));
