import { z } from 'zod';
import { TASK_TYPES } from './constants.js';

export { CLOUD_TARGET, DEFAULT_TASK_KEY, TASK_TYPES, isTaskType } from './constants.js';
export type { TaskType } from './constants.js';

/** Validates a task type name. */
export const taskTypeSchema = z.enum(TASK_TYPES);
