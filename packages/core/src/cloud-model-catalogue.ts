import { z } from 'zod';
import { cloudPriceSchema } from './cloud-price.js';

/** How biopipe speaks to a cloud model. */
export const cloudProviderSchema = z.enum(['openai-compatible', 'anthropic']);
export type CloudProvider = z.infer<typeof cloudProviderSchema>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** One logical cloud model: which API serves it and where its key is found. */
export const cloudModelSchema = z.strictObject({
  /** Wire protocol of the provider. */
  provider: cloudProviderSchema,
  /** The provider's real model id (these change; this is configuration, not code). */
  model: z.string().min(1),
  /** API base URL, e.g. `https://api.deepseek.com`. */
  base_url: httpUrl,
  /** Name of the environment variable holding the API key (never the key itself). */
  api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as DEEPSEEK_API_KEY'),
  /** What the model does: chat models answer prompts, embedding models return vectors. @default "chat" */
  kind: z.enum(['chat', 'embeddings']).default('chat'),
  /** Vector size, for embedding models. */
  dimensions: z.number().int().positive().optional(),
  /**
   * Context window in tokens (prompt and answer together), as the provider documents it. A request
   * larger than every candidate's context is refused up front, calling nobody. @default unknown
   */
  max_model_len: z.number().int().positive().optional(),
  /** What it charges; a profile's `cloud_prices` overrides it. Without one, cost is recorded as 0 and flagged unpriced. */
  price: cloudPriceSchema.optional(),
});
export type CloudModel = z.infer<typeof cloudModelSchema>;

/**
 * Built-in cloud models. A profile's `cloud_models` adds to these or replaces one by name.
 * DeepSeek deprecates names over time (PROTOCOLS.md §4): override `model` in a profile when it does.
 */
export const DEFAULT_CLOUD_MODELS: Readonly<Record<string, CloudModel>> = {
  'deepseek-v3': {
    provider: 'openai-compatible',
    model: 'deepseek-chat',
    base_url: 'https://api.deepseek.com',
    api_key_env: 'DEEPSEEK_API_KEY',
    kind: 'chat',
    // DeepSeek's documented context for deepseek-chat (128K); a larger figure only lets a request through.
    max_model_len: 131_072,
    // deepseek-chat list price (cache miss) from api-docs.deepseek.com/quick_start/pricing.
    price: { input_usd_per_mtok: 0.28, output_usd_per_mtok: 0.42, as_of: '2025-09-29' },
  },
  'claude-3.5-sonnet': {
    provider: 'anthropic',
    model: 'claude-3-5-sonnet-latest',
    base_url: 'https://api.anthropic.com',
    api_key_env: 'ANTHROPIC_API_KEY',
    kind: 'chat',
    max_model_len: 200_000,
    // Claude 3.5 Sonnet list price from anthropic.com/pricing.
    price: { input_usd_per_mtok: 3, output_usd_per_mtok: 15, as_of: '2024-06-20' },
  },
  'openai-embeddings': {
    provider: 'openai-compatible',
    model: 'text-embedding-3-small',
    base_url: 'https://api.openai.com/v1',
    api_key_env: 'OPENAI_API_KEY',
    kind: 'embeddings',
    dimensions: 1536,
    // text-embedding-3-small list price from openai.com/api/pricing.
    price: { input_usd_per_mtok: 0.02, output_usd_per_mtok: 0, as_of: '2024-01-25' },
  },
};
