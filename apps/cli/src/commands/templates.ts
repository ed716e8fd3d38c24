import {
  ConfigValidationError,
  formatConfigProblem,
  loadContextTemplate,
  normalizeError,
  templateHeader,
} from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { formatJson, formatTable, paint } from '../output.js';

/** `biopipe templates list`: every context template, with its version, origin and description. */
export function listTemplates(context: CommandContext): number {
  const { output } = context;
  const listed = context.templates().list();
  if (output.json) {
    output.out(
      formatJson(
        listed.map((entry) => ({
          name: entry.name,
          file: entry.file,
          origin: entry.origin,
          overrides_builtin: entry.overridesBuiltin,
          version: entry.template?.version ?? null,
          task_types: entry.template?.task_types ?? [],
          description: entry.template?.description ?? null,
          error: entry.error?.message ?? null,
        })),
      ),
    );
  } else {
    output.out(
      formatTable(
        ['name', 'version', 'origin', 'description'],
        listed.map((entry) => [
          entry.name,
          entry.template === undefined ? paint(output, 'red', 'invalid') : String(entry.template.version),
          entry.overridesBuiltin ? 'user (overrides built-in)' : entry.origin,
          entry.template?.description ?? entry.error?.message ?? '',
        ]),
      ),
    );
  }
  return listed.every((entry) => entry.error === undefined) ? 0 : 2;
}

/** `biopipe templates show NAME`: the template's text exactly as it is sent, header included. */
export function showTemplate(context: CommandContext, name: string): number {
  const registry = context.templates();
  const template = registry.load(name);
  const file = registry.entry(name).file;
  context.output.out(
    context.output.json
      ? formatJson({ file, template, sent_as: `${templateHeader(template)}\n${template.system}` })
      : `${templateHeader(template)}\n${template.system}`,
  );
  return 0;
}

/** `biopipe templates validate FILE...`: 0 when every file is valid, else 2 with the file and line of each problem. */
export function validateTemplates(context: CommandContext, files: readonly string[]): number {
  const { output } = context;
  const results = files.map((file) => {
    try {
      const template = loadContextTemplate(file);
      return {
        file,
        valid: true,
        template: template.template_name,
        problems: [] as string[],
        details: [] as unknown[],
      };
    } catch (thrown) {
      const error = normalizeError(thrown);
      const isValidation = error instanceof ConfigValidationError;
      return {
        file,
        valid: false,
        template: null,
        problems: isValidation ? error.problems.map((problem) => formatConfigProblem(file, problem)) : [error.message],
        details: isValidation ? error.problems : [{ message: error.message }],
      };
    }
  });
  if (output.json) {
    output.out(
      formatJson(results.map(({ file, valid, template, details }) => ({ file, valid, template, problems: details }))),
    );
  } else {
    for (const result of results) {
      if (result.valid) output.out(`${paint(output, 'green', 'ok')}  ${result.file} (template ${result.template})`);
      for (const problem of result.problems) output.out(`${paint(output, 'red', 'error')} ${problem}\n`);
    }
  }
  return results.every((result) => result.valid) ? 0 : 2;
}
