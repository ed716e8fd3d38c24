import type { RoutingCandidate } from '@biopipe/core';

/** Candidate states that may still take a request: seen healthy, never checked, or probing. */
const MAY_SERVE: ReadonlySet<RoutingCandidate['state']> = new Set(['healthy', 'unknown', 'half-open']);

export interface RouteVerdict {
  /** The first candidate that may serve, in cascade order; undefined when none can. */
  serving: RoutingCandidate | undefined;
  /** One line for the `route` output. */
  text: string;
  /** 0 when a candidate may serve; 3 (no backend available) when none can. */
  exitCode: 0 | 3;
}

/** What `route` concludes from the candidates: who would serve, or that nothing could (exit 3, as `ask` would). */
export function decideRouteVerdict(candidates: readonly RoutingCandidate[]): RouteVerdict {
  const serving = candidates.find((candidate) => MAY_SERVE.has(candidate.state));
  if (serving === undefined)
    return {
      serving,
      text: 'nothing can serve this request now: every candidate is down, open, without a key or disallowed',
      exitCode: 3,
    };
  const name = serving.kind === 'replica' ? serving.target : `cloud:${serving.target}`;
  return {
    serving,
    text: `${name}${serving.endpoint === null ? '' : ` at ${serving.endpoint}`} would serve (${serving.state})`,
    exitCode: 0,
  };
}
