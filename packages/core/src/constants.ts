/**
 * Plain constants with no dependencies, importable on their own (`@biopipe/core/constants`) by code
 * that must start fast, such as the CLI's argument parser.
 */

/** Every task type a caller may name (DESIGN.md, "Words"). */
export const TASK_TYPES = [
  'intent_parsing',
  'code_generation',
  'code_validation',
  'math_statistics',
  'data_analysis',
  'documentation',
  'embeddings',
  'orchestration',
  'biomedical',
  'safety',
] as const;

/** A task type: what kind of work an LLM request does. */
export type TaskType = (typeof TASK_TYPES)[number];

/** The `task_routing` key that applies to every task type not listed explicitly. */
export const DEFAULT_TASK_KEY = '*';

/** The route target that means "go straight to the cloud chain". */
export const CLOUD_TARGET = 'cloud';

export function isTaskType(value: string): value is TaskType {
  return (TASK_TYPES as readonly string[]).includes(value);
}
