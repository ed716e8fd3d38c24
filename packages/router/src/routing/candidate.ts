import type { RoutingCandidate } from '@biopipe/core';
import type { ChatProvider } from '../providers/provider.js';

/** How an attempt on a candidate ended, for its health bookkeeping. */
export type AttemptVerdict = 'success' | 'failure' | 'neutral';

/** One endpoint the cascade may try: a local replica or a cloud model. */
export interface Candidate {
  /** Role name or cloud model name. */
  readonly target: string;
  readonly kind: 'replica' | 'cloud';
  readonly endpoint: string;
  /** Model id sent (null: the server's only model). */
  readonly model: string | null;
  readonly provider: ChatProvider;
  /** Context size of the model, when known (a context-length error may move to a larger one). */
  readonly maxModelLen: number | undefined;
  /** Claims the candidate (circuit probe slot, in-flight count); false means skip it. */
  acquire(): boolean;
  /** Releases the claim with what the attempt said about the candidate's health. */
  settle(verdict: AttemptVerdict): void;
}

/** A candidate left out before any call, and why (recorded as a skipped attempt). */
export interface SkippedCandidate {
  target: string;
  kind: 'replica' | 'cloud';
  endpoint: string | null;
  state: RoutingCandidate['state'];
  reason: string;
  /** Short class for the attempt record, e.g. `circuit-open`, `no-key`. */
  errorClass: string;
}

/** Candidates of one cascade step, best first, and those left out. */
export interface CandidateList {
  candidates: Candidate[];
  skipped: SkippedCandidate[];
}
