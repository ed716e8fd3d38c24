import { z } from 'zod';
import { PROFILE_NAME_PATTERN } from './profile-files.js';
import { DEFAULT_TASK_KEY, TASK_TYPES } from './task-types.js';

/**
 * Task type (or "*") -> context template applied to that task's requests. Absent tasks get none,
 * so an OpenAI client's own system prompt is never changed unless the profile or the request asks.
 */
export const profileTemplatesSchema = z.partialRecord(
  z.enum([...TASK_TYPES, DEFAULT_TASK_KEY]),
  z.string().regex(PROFILE_NAME_PATTERN, 'must be a template name (see `biopipe templates list`)'),
);
