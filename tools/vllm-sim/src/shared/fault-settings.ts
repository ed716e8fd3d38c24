import { UsageError } from '@biopipe/core';
import { z } from 'zod';

const share = z.number().min(0).max(1);
const count = z.number().int().positive();

/**
 * Which requests a fault hits. Without either field it hits every eligible request until cleared.
 * `count` makes it hit only the next N eligible requests (then it clears itself); `fraction` hits
 * that share of requests, drawn from the simulator's seeded generator (deterministic for a seed).
 */
const target = {
  /** Hit only the next N eligible requests, then clear. */
  count: count.optional(),
  /** Share of eligible requests hit, 0–1. @default 1 */
  fraction: share.optional(),
};

const afterTokens = z.number().int().min(0);

/**
 * Faults a simulator can inject, at start (flags, `VLLM_SIM_FAULTS`) or at runtime (`setFaults`,
 * `POST /admin/faults`). Fields merge: `null` clears one fault, an absent field leaves it alone.
 * "Eligible" requests are the inference calls (chat, completions, embeddings, messages); stream
 * faults only hit streaming requests.
 */
export const simFaultsSchema = z.strictObject({
  /** Stop listening: connections are refused until this is set back to false. */
  refuseConnections: z.boolean().optional(),
  /** Accept the request and never answer. `allEndpoints` also hangs `/health`, `/metrics`, `/v1/models`. */
  hang: z
    .strictObject({ ...target, allEndpoints: z.boolean().optional() })
    .nullable()
    .optional(),
  /** Multiply every configured latency by `factor` and add `addedFirstTokenMs` before the first token. */
  slow: z
    .strictObject({ ...target, factor: z.number().min(1).optional(), addedFirstTokenMs: z.number().min(0).optional() })
    .nullable()
    .optional(),
  /** Answer with this HTTP error status before any work (500/503 on vLLM; also 400/401/402/403/404/529 on the cloud simulators). */
  fail: z
    .strictObject({ ...target, status: z.number().int().min(400).max(599), message: z.string().optional() })
    .nullable()
    .optional(),
  /** Answer 429 with a `Retry-After` header. */
  rateLimit: z
    .strictObject({ ...target, retryAfterSeconds: z.number().int().min(0).optional() })
    .nullable()
    .optional(),
  /** Cloud simulators: hold the request "queued" for `ms`, sending keep-alive blank lines or comments (DeepSeek) or pings (Anthropic). */
  queueDelay: z
    .strictObject({ ...target, ms: z.number().min(0), intervalMs: z.number().positive().optional() })
    .nullable()
    .optional(),
  /** Destroy the socket after N streamed tokens: no finish chunk, no `[DONE]`. */
  cutStream: z
    .strictObject({ ...target, afterTokens })
    .nullable()
    .optional(),
  /** Send one chunk of broken JSON after N streamed tokens, then carry on. */
  malformedChunk: z
    .strictObject({ ...target, afterTokens })
    .nullable()
    .optional(),
  /** Stop sending after N streamed tokens and keep the connection open, until the client leaves. */
  stallStream: z
    .strictObject({ ...target, afterTokens })
    .nullable()
    .optional(),
  /** Send an in-band error after N streamed tokens (vLLM: `data: {"error":…}` then `[DONE]`; Anthropic: `event: error`). */
  streamError: z
    .strictObject({ ...target, afterTokens })
    .nullable()
    .optional(),
  /** Serve this model name instead of the configured one (a server started with the wrong model). */
  wrongModel: z.string().min(1).nullable().optional(),
  /** Engine death: in-flight requests fail, `/health` answers 503, then the listener closes. `afterMs` delays it. */
  die: z
    .union([z.boolean(), z.strictObject({ afterMs: z.number().min(0) })])
    .nullable()
    .optional(),
});

/** A partial fault update, as `setFaults` and `POST /admin/faults` take it. */
export type SimFaults = z.input<typeof simFaultsSchema>;

/** A fault kind that targets requests (every key except the switches). */
export type RequestFaultKind =
  | 'hang'
  | 'slow'
  | 'fail'
  | 'rateLimit'
  | 'queueDelay'
  | 'cutStream'
  | 'malformedChunk'
  | 'stallStream'
  | 'streamError';

/** The settings of one request fault kind. */
export type RequestFault<K extends RequestFaultKind> = NonNullable<z.output<typeof simFaultsSchema>[K]>;

/** Validates a fault update, with a message naming each wrong field. @throws UsageError */
export function parseSimFaults(value: unknown, source: string): SimFaults {
  const result = simFaultsSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new UsageError(
    `Invalid faults in ${source}: ${problems.join('; ')}.`,
    `Known faults: ${Object.keys(simFaultsSchema.shape).join(', ')}; e.g. {"fail":{"status":503,"count":2}}.`,
  );
}
