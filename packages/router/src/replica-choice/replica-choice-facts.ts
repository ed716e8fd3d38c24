/** What the prefix-aware policy knows of one replica for one request; scorers and explanations read it. */
export interface ReplicaChoiceFacts {
  /** Requests running or waiting there: the router's own in flight now, plus what others had there at the last scrape. */
  queue: number;
  /** Whether `/metrics` gave a fresh reading (else the queue is the in-flight count alone). */
  loadKnown: boolean;
  /** Why the load is unknown, when it is. */
  loadNote: string | undefined;
  /** vLLM KV-cache usage 0-1, when scraped. */
  kvCacheUsage: number | undefined;
  /** Leading blocks of this request the replica served last. */
  matchedBlocks: number;
  /** Blocks the request has. */
  totalBlocks: number;
  /** The request's session was last served here. */
  sessionMatch: boolean;
  /** Set when the load guard forbids affinity to pull the request here, with why. */
  guard: string | undefined;
  /** 1 for the shortest queue among the eligible replicas, 0 for the longest. */
  queueScore: number;
  /** 1 - KV-cache usage when every eligible replica's usage is known, else 0 for all (no replica is starved for a failed scrape). */
  kvScore: number;
}
