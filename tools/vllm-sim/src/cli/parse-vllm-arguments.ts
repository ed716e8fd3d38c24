import { UsageError } from '@biopipe/core';
import type { VllmSimOptions } from '../vllm/vllm-sim-options.js';
import { parseFaultsJson, parseMode, parseNonNegative, parseRunner, parseWholeNumber } from './parse-values.js';
import { readSimEnvironment, type Environment } from './read-sim-environment.js';

/** What the command line asks for. */
export type ParsedCommand =
  { kind: 'serve'; options: VllmSimOptions; ignored: string[] } | { kind: 'help' } | { kind: 'version' };

/** `vllm serve MODEL …` (the drop-in) or the simulator's own `vllm-sim --model MODEL …`. */
export type CommandStyle = 'vllm' | 'vllm-sim';

type Options = Partial<VllmSimOptions>;
type Apply = (options: Options, value: string, flag: string) => void;

/** Flags that take a value, and what each sets. */
const VALUE_FLAGS: Readonly<Record<string, Apply>> = {
  model: (options, value) => (options.model = value),
  host: (options, value) => (options.host = value),
  port: (options, value, flag) => (options.port = parseWholeNumber(flag, value)),
  'max-model-len': (options, value, flag) => (options.maxModelLen = parseWholeNumber(flag, value)),
  'api-key': (options, value) => (options.apiKey = value),
  'max-num-seqs': (options, value, flag) => (options.maxNumSeqs = parseWholeNumber(flag, value)),
  'max-num-queued-reqs': (options, value, flag) => (options.maxQueued = parseWholeNumber(flag, value)),
  runner: setRunner,
  task: setRunner,
  convert: setRunner,
  mode: (options, value, flag) => (options.mode = parseMode(flag, value)),
  'time-to-first-token-ms': (options, value, flag) => (options.timeToFirstTokenMs = parseNonNegative(flag, value)),
  'prefill-per-token-ms': (options, value, flag) => (options.prefillPerTokenMs = parseNonNegative(flag, value)),
  'inter-token-latency-ms': (options, value, flag) => (options.interTokenLatencyMs = parseNonNegative(flag, value)),
  jitter: (options, value, flag) => (options.jitter = parseNonNegative(flag, value)),
  seed: (options, value, flag) => (options.seed = parseWholeNumber(flag, value)),
  'fault-seed': (options, value, flag) => (options.faultSeed = parseWholeNumber(flag, value)),
  'startup-delay-ms': (options, value, flag) => (options.startupDelayMs = parseNonNegative(flag, value)),
  'embedding-dimensions': (options, value, flag) => (options.embeddingDimensions = parseWholeNumber(flag, value)),
  'kv-cache-blocks': (options, value, flag) => (options.kvCacheBlocks = parseWholeNumber(flag, value)),
  faults: (options, value, flag) => (options.faults = parseFaultsJson(flag, value)),
};

function setRunner(options: Options, value: string, flag: string): void {
  const runner = parseRunner(flag, value);
  if (runner !== undefined) options.runner = runner;
}

/** Flags without a value, and what each sets. */
const SWITCH_FLAGS: Readonly<Record<string, (options: Options) => void>> = {
  'enable-prefix-caching': (options) => (options.enablePrefixCaching = true),
  'no-enable-prefix-caching': (options) => (options.enablePrefixCaching = false),
  'enable-force-include-usage': (options) => (options.forceIncludeUsage = true),
  'enable-admin': (options) => (options.enableAdmin = true),
};

/** vLLM flags that take no value; every other unknown flag is taken to have one (`--dtype half`). */
const IGNORED_SWITCHES = new Set([
  'trust-remote-code',
  'enforce-eager',
  'disable-log-requests',
  'disable-log-stats',
  'enable-log-requests',
  'enable-chunked-prefill',
  'no-enable-chunked-prefill',
  'enable-auto-tool-choice',
  'enable-lora',
  'disable-custom-all-reduce',
  'enable-request-id-headers',
  'disable-frontend-multiprocessing',
  'enable-server-load-tracking',
  'disable-fastapi-docs',
  'enable-sleep-mode',
]);

/**
 * Parses `vllm serve MODEL [--flag value]…` (or the simulator's own flags). GPU-only and other vLLM
 * flags the simulator has no use for (`--dtype`, `--quantization`, `--gpu-memory-utilization`, …) are
 * accepted and listed in `ignored`. The environment (`readSimEnvironment`) fills what flags leave out.
 * @throws UsageError saying what is wrong and how to call it
 */
export function parseVllmArguments(argv: readonly string[], style: CommandStyle, env: Environment = {}): ParsedCommand {
  const args = [...argv];
  if (args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  if (args[0] === '--version' || args[0] === '-v') return { kind: 'version' };
  if (style === 'vllm') {
    if (args[0] !== 'serve')
      throw new UsageError(
        `Unknown command "${args[0] ?? ''}": the simulator supports only "vllm serve".`,
        'Call it as: vllm serve MODEL --port PORT --served-model-name NAME',
      );
    args.shift();
  }
  const options: Options = { ...readSimEnvironment(env), host: style === 'vllm' ? '0.0.0.0' : '127.0.0.1' };
  if (style === 'vllm' && args[0] !== undefined && !args[0].startsWith('-')) options.model = args.shift();
  const ignored: string[] = [];
  while (args.length > 0) {
    const arg = args.shift() ?? '';
    if (!arg.startsWith('--'))
      throw new UsageError(
        `Unexpected argument "${arg}".`,
        'Give the model once, right after "serve"; every other setting is a --flag.',
      );
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const takeValue = (): string => {
      const value = inline ?? args.shift();
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      return value;
    };
    if (name === 'served-model-name') {
      const names = inline === undefined ? [] : [inline];
      while (inline === undefined && args[0] !== undefined && !args[0].startsWith('--')) names.push(args.shift() ?? '');
      if (names.length === 0) throw new UsageError('--served-model-name needs at least one name.');
      options.servedModelName = names;
    } else if (VALUE_FLAGS[name] !== undefined) VALUE_FLAGS[name](options, takeValue(), `--${name}`);
    else if (SWITCH_FLAGS[name] !== undefined) SWITCH_FLAGS[name](options);
    else if (IGNORED_SWITCHES.has(name) || inline !== undefined || args[0] === undefined || args[0].startsWith('--'))
      ignored.push(arg);
    else ignored.push(`${arg} ${args.shift() ?? ''}`);
  }
  const servedModelName = options.servedModelName ?? options.model;
  if (servedModelName === undefined) {
    throw new UsageError(
      'No model given.',
      style === 'vllm'
        ? 'Call it as: vllm serve MODEL [--served-model-name NAME] [--port PORT]'
        : 'Pass --model MODEL or --served-model-name NAME.',
    );
  }
  return { kind: 'serve', options: { ...options, servedModelName }, ignored };
}
