#!/usr/bin/env node
import { runFleetTool } from './fleet/fleet-tool.js';

process.exitCode = runFleetTool(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
