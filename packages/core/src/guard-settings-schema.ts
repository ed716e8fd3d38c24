import { z } from 'zod';
import { PHI_CATEGORIES, phiCategorySchema } from './phi-categories.js';

const ROLE_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** A regular expression written in YAML; compiled at load so a bad one is a located config error. */
const regexSource = z
  .string()
  .min(1)
  .superRefine((source, context) => {
    try {
      new RegExp(source);
    } catch (error) {
      context.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
    }
  });

/**
 * The PHI guard (DESIGN.md, Round 2 step 1): checks every request's text (prompt, chat history,
 * embeddings input) before a target is chosen. It may only narrow the choice; only the profile can
 * turn it off, never a request.
 */
export const phiGuardSchema = z.strictObject({
  /** `keep_local`: a flagged request is served as under a PHI-safe profile; `block`: it is refused; `off`: no check. @default "keep_local" */
  mode: z.enum(['keep_local', 'block', 'off']).default('keep_local'),
  /** Identifier categories to look for. @default every category */
  categories: z
    .array(phiCategorySchema)
    .min(1, 'needs at least one category')
    .default([...PHI_CATEGORIES]),
  /** Regular expressions for spans that are not PHI here (e.g. a study's pseudonymous codes). @default [] */
  allow_patterns: z.array(regexSource).default([]),
  /** The role that serves a flagged request whose task routes to the cloud. @default the `"*"` route when it is a role, else "generalist" */
  local_role: z.string().regex(ROLE_PATTERN, 'role names are lowercase words').optional(),
});
export type PhiGuardSettings = z.output<typeof phiGuardSchema>;

/** A cloud spending limit, enforced across every biopipe process of the machine through one ledger file. */
export const budgetSchema = z
  .strictObject({
    /** Cloud spend allowed per UTC day, in US dollars. */
    daily_usd: z.number().positive('must be a positive amount of US dollars').optional(),
    /** Cloud spend allowed per UTC calendar month, in US dollars. */
    monthly_usd: z.number().positive('must be a positive amount of US dollars').optional(),
    /** `local_only`: once spent, requests stay on the cluster; `block`: requests that need the cloud are refused. @default "local_only" */
    on_exceeded: z.enum(['local_only', 'block']).default('local_only'),
    /** Fraction of a limit at which `status` and the route line warn. @default 0.8 */
    warn_at: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(0.8),
    /** The ledger file. @default "$BIOPIPELINES_STATE_DIR/cloud-spend.json" */
    ledger_path: z.string().min(1).optional(),
  })
  .refine((budget) => budget.daily_usd !== undefined || budget.monthly_usd !== undefined, {
    message: 'a budget needs daily_usd, monthly_usd or both',
  });
export type BudgetSettings = z.output<typeof budgetSchema>;
