import { BiopipeError } from '@biopipe/core';
import { startVllmSim, type VllmSimHandle } from '../vllm/vllm-sim.js';
import { parseVllmArguments, type CommandStyle } from './parse-vllm-arguments.js';
import type { Environment } from './read-sim-environment.js';
import { usageText } from './usage-text.js';

/** What a simulator process needs from its surroundings (injected so it can be tested in-process). */
export interface ProcessIo {
  argv: readonly string[];
  env: Environment;
  out(line: string): void;
  error(line: string): void;
  /** Calls `handler` on SIGTERM and SIGINT. */
  onSignal(handler: (signal: string) => void): void;
}

/** The port `vllm serve` uses when none is given. */
const VLLM_DEFAULT_PORT = 8000;

/**
 * Runs one simulated vLLM server as a process would: logs like vLLM's server ("Uvicorn running on
 * …", "Application startup complete."), stops on SIGTERM/SIGINT, and resolves the exit code —
 * 0 after a signal, 1 on engine death or a port that cannot be bound, 2 on bad usage.
 */
export async function runSimulatorProcess(style: CommandStyle, io: ProcessIo): Promise<number> {
  let command;
  try {
    command = parseVllmArguments(io.argv, style, io.env);
  } catch (error) {
    if (!BiopipeError.isInstance(error)) throw error;
    io.error(`error: ${error.message}${error.hint === undefined ? '' : `\n  hint: ${error.hint}`}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.out(usageText(style));
    return 0;
  }
  if (command.kind === 'version') {
    io.out('0.11.2');
    return 0;
  }
  const options = { ...command.options, port: command.options.port ?? (style === 'vllm' ? VLLM_DEFAULT_PORT : 0) };
  if (command.ignored.length > 0)
    io.out(`INFO vllm-sim: ignoring options the simulator has no use for: ${command.ignored.join(' ')}`);
  io.out(
    `INFO vllm-sim: serving ${String(options.model ?? options.servedModelName)} (startup delay ${options.startupDelayMs ?? 0} ms)`,
  );
  let handle: VllmSimHandle | undefined;
  let stopRequested = false;
  io.onSignal((signal) => {
    io.out(`INFO:     Shutting down (${signal})`);
    stopRequested = true;
    void handle?.stop();
  });
  try {
    handle = await startVllmSim(options);
    if (stopRequested) await handle.stop();
    const started = await Promise.race([handle.ready.then(() => 'ready' as const), handle.closed]);
    if (started === 'stopped') return 0;
    if (started === 'died') return 1;
  } catch (error) {
    if (stopRequested) return 0;
    io.error(`ERROR vllm-sim: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    await handle?.stop();
    return BiopipeError.isInstance(error) ? 2 : 1;
  }
  io.out(`INFO:     Started server process [${process.pid}]`);
  io.out(`INFO:     Uvicorn running on ${handle.url} (Press CTRL+C to quit)`);
  io.out('INFO:     Application startup complete.');
  const reason = await handle.closed;
  if (reason === 'died') {
    io.error('ERROR vllm-sim: EngineCore died (simulated engine death); the server has shut down.');
    return 1;
  }
  io.out('INFO:     Finished server process');
  return 0;
}
