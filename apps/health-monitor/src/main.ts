#!/usr/bin/env node
import { runHealthMonitor } from './cli.js';
import { commandName } from './command-name.js';

process.exitCode = await runHealthMonitor(process.argv.slice(2), {
  name: commandName(process.argv[1], 'health-monitor'),
});
