import { ENVIRONMENT_VARIABLES } from '@biopipe/core/environment';

/** The `--help` epilogue: every environment variable, from the same table as the README's. */
export function formatEnvironmentHelp(): string {
  const width = Math.max(...ENVIRONMENT_VARIABLES.map((variable) => variable.name.length));
  const lines = ENVIRONMENT_VARIABLES.map(
    (variable) => `  ${variable.name.padEnd(width)}  ${variable.description} (default: ${variable.default})`,
  );
  return `\nEnvironment (a former BIOPIPE_ name still works, with a warning):\n${lines.join('\n')}`;
}
