#!/usr/bin/env node
import { runCli } from './run.js';

// A reader that stops early (`biopipe … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Exit as soon as the command is done: a handle some library left open (a socket to a server that
// never answered, a child's pipe) must not keep a finished command alive. Writes to stdout and
// stderr are synchronous for files, terminals and pipes on Linux, so nothing printed is lost.
process.exit(await runCli(process.argv.slice(2)));
