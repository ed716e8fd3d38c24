import {
  BiopipeError,
  ConfigValidationError,
  StrategyConfig,
  UsageError,
  formatConfigProblem,
  normalizeError,
  writeUserSettings,
} from '@biopipe/core';
import { stringify } from 'yaml';
import type { CommandContext } from '../context.js';
import { formatJson, paint } from '../output.js';

/** `biopipe strategy show [NAME]`: the resolved profile with every default filled in. */
export async function showStrategy(context: CommandContext, name: string | undefined): Promise<number> {
  const config = name === undefined ? (await context.resolveStrategy()).config : context.registry().load(name);
  context.output.out(
    context.output.json
      ? formatJson({ file: config.source, profile: config.profile })
      : `# ${config.source}\n${stringify(config.profile)}`,
  );
  return 0;
}

/** `biopipe strategy validate FILE...`: 0 when every file is valid, else 2 with one block per problem. */
export function validateStrategies(context: CommandContext, files: readonly string[]): number {
  const { output } = context;
  const results = files.map((file) => {
    try {
      const config = StrategyConfig.fromYaml(file);
      return { file, valid: true as const, profile: config.name, problems: [] as string[], details: [] as unknown[] };
    } catch (thrown) {
      const error = normalizeError(thrown);
      const details = error instanceof ConfigValidationError ? error.problems : [{ message: error.message }];
      const problems =
        error instanceof ConfigValidationError
          ? error.problems.map((problem) => formatConfigProblem(file, problem))
          : [error.hint === undefined ? error.message : `${error.message}\n  hint: ${error.hint}`];
      return { file, valid: false as const, profile: null, problems, details };
    }
  });
  if (output.json) {
    output.out(
      formatJson(results.map(({ file, valid, profile, details }) => ({ file, valid, profile, problems: details }))),
    );
  } else {
    for (const result of results) {
      if (result.valid) output.out(`${paint(output, 'green', 'ok')}  ${result.file} (profile ${result.profile})`);
      for (const problem of result.problems) output.out(`${paint(output, 'red', 'error')} ${problem}\n`);
    }
  }
  return results.every((result) => result.valid) ? 0 : 2;
}

/** Asks which profile to use, on a terminal: name, description and whether it allows the cloud. */
async function pickStrategy(context: CommandContext): Promise<string> {
  const { select } = await import('@inquirer/prompts');
  const profiles = context.registry().list();
  const width = Math.max(...profiles.map((profile) => profile.name.length));
  try {
    return await select({
      message: 'Default strategy',
      pageSize: 12,
      choices: profiles.map((profile) => ({
        value: profile.name,
        name: `${profile.name.padEnd(width)}  ${profile.config === undefined ? 'invalid' : profile.config.allowCloud ? 'cloud allowed' : 'PHI-safe, no cloud'}`,
        description: profile.config?.description ?? profile.error?.message,
        disabled: profile.config === undefined ? '(invalid: see biopipe strategy list)' : false,
      })),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError')
      throw new BiopipeError('aborted', 'No strategy chosen.');
    throw error;
  }
}

/** `biopipe strategy use [NAME]`: validates the profile, then stores it as the user's default. Without NAME on a terminal, a picker. */
export async function useStrategy(context: CommandContext, name: string | undefined): Promise<number> {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true && !context.output.json;
  if (name === undefined && !interactive) {
    throw new UsageError(
      'Name the strategy to use.',
      'Run `biopipe strategy use NAME` (on a terminal, without NAME, a picker opens); `biopipe strategy list` shows the names.',
    );
  }
  const config = context.registry().load(name ?? (await pickStrategy(context)));
  const file = writeUserSettings({ default_strategy: config.name }, context.env);
  if (context.output.json) {
    context.output.out(formatJson({ default_strategy: config.name, settings_file: file }));
  } else {
    context.output.out(`Default strategy is now ${config.name} (saved in ${file}).`);
    if (context.env['BIOPIPELINES_STRATEGY'] !== undefined && context.env['BIOPIPELINES_STRATEGY'] !== '') {
      context.output.err(
        `note: BIOPIPELINES_STRATEGY=${context.env['BIOPIPELINES_STRATEGY']} is set and takes precedence in this shell.`,
      );
    }
  }
  return 0;
}
