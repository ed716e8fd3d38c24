#!/usr/bin/env node
// `vllm-sim --model MODEL …`: the simulator with its own flags (bin/vllm-sim runs this file).
import { runSimulatorProcess } from './run-simulator-process.js';
import { processIo } from './process-io.js';

process.exitCode = await runSimulatorProcess('vllm-sim', processIo());
