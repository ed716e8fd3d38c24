#!/usr/bin/env node
// What one cancel costs to create, and to create and wire up (add and remove an abort listener, as a
// request does), for the router's `Cancellation` against `AbortController`, in the same run,
// alternating batches. Run: npm run bench:abort-signal (after `npx nx run router:build`).
// Knobs: COUNT (per batch), BATCHES.
import os from 'node:os';
import { Cancellation } from '@biopipe/router';

const COUNT = Number(process.env.COUNT ?? 200_000);
const BATCHES = Number(process.env.BATCHES ?? 11);
const listener = () => undefined;
let sink = 0;

const variants = {
  'AbortController, signal only': () => {
    sink += new AbortController().signal.aborted ? 1 : 0;
  },
  'Cancellation only': () => {
    sink += new Cancellation().aborted ? 1 : 0;
  },
  AbortController: () => {
    const controller = new AbortController();
    controller.signal.addEventListener('abort', listener, { once: true });
    controller.signal.removeEventListener('abort', listener);
    sink += controller.signal.aborted ? 1 : 0;
  },
  Cancellation: () => {
    const cancellation = new Cancellation();
    cancellation.addEventListener('abort', listener, { once: true });
    cancellation.removeEventListener('abort', listener);
    sink += cancellation.aborted ? 1 : 0;
  },
};

// CPU time (user + system), not wall time: on a shared machine the process is often descheduled.
// Garbage collection of what a batch created counts too, as it does for a request.
const perCall = (create) => {
  const started = process.cpuUsage();
  for (let index = 0; index < COUNT; index++) create();
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / COUNT;
};
for (const create of Object.values(variants)) perCall(create); // warm-up
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let batch = 0; batch < BATCHES; batch++)
  for (const [name, create] of Object.entries(variants)) samples[name].push(perCall(create));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  [
    `CPU per cancel: created, or created with an abort listener added and removed; ${COUNT} per batch, ${BATCHES} alternating batches (median); Node ${process.version}; load ${os.loadavg()[0].toFixed(2)}`,
    ...Object.entries(samples).map(([name, values]) => `${name.padEnd(30)} ${(median(values) / 1000).toFixed(3)} us`),
  ].join('\n'),
);
if (sink !== 0) throw new Error('no cancel should have fired');
