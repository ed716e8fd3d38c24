export { createFakeClock } from './fake-clock.js';
export type { FakeClock } from './fake-clock.js';
export { createMemoryMetricsSink } from './memory-metrics-sink.js';
export type { MemoryMetricsSink } from './memory-metrics-sink.js';
export { createScriptedProvider } from './scripted-provider.js';
export type { ScriptedProvider, ScriptedStep } from './scripted-provider.js';
