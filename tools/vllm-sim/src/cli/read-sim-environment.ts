import { parseAnswerKeySpec } from '../shared/answer-key.js';
import type { VllmSimOptions } from '../vllm/vllm-sim-options.js';
import { parseFaultsJson, parseMode, parseNonNegative, parseWholeNumber } from './parse-values.js';

/** Environment variables, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

const NUMBERS: ReadonlyArray<readonly [string, keyof VllmSimOptions, (source: string, text: string) => number]> = [
  ['VLLM_SIM_STARTUP_DELAY_MS', 'startupDelayMs', parseNonNegative],
  ['VLLM_SIM_EMBEDDING_DIMENSIONS', 'embeddingDimensions', parseWholeNumber],
  ['VLLM_SIM_TTFT_MS', 'timeToFirstTokenMs', parseNonNegative],
  ['VLLM_SIM_PREFILL_PER_TOKEN_MS', 'prefillPerTokenMs', parseNonNegative],
  ['VLLM_SIM_ITL_MS', 'interTokenLatencyMs', parseNonNegative],
  ['VLLM_SIM_JITTER', 'jitter', parseNonNegative],
  ['VLLM_SIM_SEED', 'seed', parseWholeNumber],
  ['VLLM_SIM_MAX_NUM_SEQS', 'maxNumSeqs', parseWholeNumber],
  ['VLLM_SIM_DEATH_LINGER_MS', 'deathLingerMs', parseNonNegative],
];

/**
 * Simulator settings from the environment, for when the command line is vLLM's and cannot carry
 * them: `VLLM_API_KEY` (as vLLM), `VLLM_SIM_STARTUP_DELAY_MS`, `VLLM_SIM_EMBEDDING_DIMENSIONS`,
 * `VLLM_SIM_TTFT_MS`, `VLLM_SIM_PREFILL_PER_TOKEN_MS`, `VLLM_SIM_ITL_MS`, `VLLM_SIM_JITTER`,
 * `VLLM_SIM_SEED`, `VLLM_SIM_MAX_NUM_SEQS`, `VLLM_SIM_DEATH_LINGER_MS`, `VLLM_SIM_MODE`,
 * `VLLM_SIM_ENABLE_ADMIN=1`, `VLLM_SIM_FAULTS` (JSON), `VLLM_SIM_ANSWER_KEY` (`SUITE.jsonl=P,…`). Empty values count as unset.
 * @throws UsageError naming the variable with a bad value
 */
export function readSimEnvironment(env: Environment): Partial<VllmSimOptions> {
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const options: Partial<VllmSimOptions> = {};
  const apiKey = read('VLLM_API_KEY');
  if (apiKey !== undefined) options.apiKey = apiKey;
  for (const [name, key, parse] of NUMBERS) {
    const text = read(name);
    if (text !== undefined) (options as Record<string, unknown>)[key] = parse(name, text);
  }
  const mode = read('VLLM_SIM_MODE');
  if (mode !== undefined) options.mode = parseMode('VLLM_SIM_MODE', mode);
  const admin = read('VLLM_SIM_ENABLE_ADMIN');
  if (admin !== undefined) options.enableAdmin = admin !== '0' && admin !== 'false';
  const faults = read('VLLM_SIM_FAULTS');
  if (faults !== undefined) options.faults = parseFaultsJson('VLLM_SIM_FAULTS', faults);
  const answerKey = read('VLLM_SIM_ANSWER_KEY');
  if (answerKey !== undefined) options.answerKey = parseAnswerKeySpec(answerKey);
  return options;
}
