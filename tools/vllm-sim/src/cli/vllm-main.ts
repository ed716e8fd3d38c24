#!/usr/bin/env node
// `vllm serve MODEL …`: the drop-in entry point (bin/vllm runs this file).
import { runSimulatorProcess } from './run-simulator-process.js';
import { processIo } from './process-io.js';

process.exitCode = await runSimulatorProcess('vllm', processIo());
