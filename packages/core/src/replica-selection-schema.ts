import { z } from 'zod';

/** How the router picks a replica within a role (DESIGN.md, "Round 2", step 3). */
export const replicaSelectionSchema = z.strictObject({
  /**
   * `prefix-aware`: longest matched prefix and session affinity, under the load guard, then vLLM load;
   * `fewest-in-flight`: the router's own in-flight counts only; `round-robin`: in turn.
   * @default "prefix-aware"
   */
  policy: z.enum(['prefix-aware', 'fewest-in-flight', 'round-robin']).default('prefix-aware'),
  /** Characters per hashed block (64 is about 16 tokens, vLLM's default KV block). @default 64 */
  block_chars: z.number().int().min(8).max(4096).default(64),
  /** Leading blocks hashed at most per request. @default 256 */
  max_blocks: z.number().int().min(1).max(4096).default(256),
  /** Memory cap of each role's prefix index, in bytes; the least recently served blocks go first. @default 8388608 (8 MiB) */
  index_max_bytes: z
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  /** Sessions remembered per role (`user` or `x-biopipe-session` -> replica), least recent dropped first. @default 10000 */
  max_sessions: z.number().int().min(1).default(10_000),
  /** Load guard: affinity never picks a replica whose queue exceeds the least-loaded replica's by more than this many requests. @default 4 */
  load_guard_queue_bound: z.number().int().min(0).default(4),
  /** Scrape each replica's vLLM `/metrics` at most this often while traffic flows; 0 turns scraping off. @default 5000 */
  metrics_scrape_interval_ms: z.number().int().min(0).default(5_000),
  /** Deadline of one `/metrics` scrape. @default 1000 */
  metrics_scrape_timeout_ms: z.number().int().positive().default(1_000),
  /** A scraped load older than this counts as unknown. @default 15000 */
  metrics_stale_ms: z.number().int().positive().default(15_000),
});

export type ReplicaSelectionSettings = z.output<typeof replicaSelectionSchema>;
