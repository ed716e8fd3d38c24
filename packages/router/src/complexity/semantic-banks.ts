import path from 'node:path';
import { z } from 'zod';
import { builtinConfigDir, parseYamlConfig, readConfigFile } from '@biopipe/core';

/** Longest example kept: banks are embedded whole, so one pasted file must not blow the request up. */
const MAX_EXAMPLE_CHARS = 8192;
/** Examples per bank: bounds the memory of the embedded banks (500 × 1024 floats ≈ 2 MB a bank). */
const MAX_EXAMPLES = 500;

const examplesSchema = z
  .array(
    z
      .string()
      .min(1, 'an example is empty')
      .max(MAX_EXAMPLE_CHARS, `an example is over ${MAX_EXAMPLE_CHARS} characters`),
  )
  .min(1, 'give at least one example')
  .max(MAX_EXAMPLES, `at most ${MAX_EXAMPLES} examples`);

/** A banks file (`config/complexity/semantic-banks.json`, or the profile's `complexity_routing.semantic.banks`). */
export const semanticBanksSchema = z.strictObject({
  schema_version: z.literal(1),
  /** A label for people, recorded in the scorer's version. */
  name: z.string().min(1),
  /** Where the examples came from. */
  derived_from: z.string().default(''),
  /** Prompts that the weak target answers well. */
  easy: examplesSchema,
  /** Prompts that need the strong target. */
  hard: examplesSchema,
});
export type SemanticBanks = z.output<typeof semanticBanksSchema>;

/** The shipped banks, drawn from the labelled set's train split (`tools/bench/complexity/write-semantic-banks.mjs`). */
export function defaultSemanticBanksPath(): string {
  return path.join(builtinConfigDir(), 'complexity', 'semantic-banks.json');
}

/** @throws ConfigFileUnreadableError, ConfigValidationError (with the file and line) */
export function loadSemanticBanks(file: string = defaultSemanticBanksPath()): SemanticBanks {
  return parseYamlConfig(readConfigFile(file, 'semantic example bank'), file, semanticBanksSchema);
}
