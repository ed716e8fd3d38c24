#!/usr/bin/env node
import { runHealthMonitor } from './cli.js';

process.exitCode = await runHealthMonitor(process.argv.slice(2));
