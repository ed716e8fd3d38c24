import { FAST_PATH_SCHEMA_VERSION, RECORD_HEAD_KEYS } from './parse-record-fast.js';
import type { EncodedKeys, ScanState } from './scan-state.js';

// The keys of the current RoutingDecision, in the order the sink writes them; all are required.
const KEYS = [...RECORD_HEAD_KEYS, 'target', 'allow_cloud', 'candidates'];
const CANDIDATE_KEYS = ['target', 'kind', 'endpoint', 'state', 'in_flight', 'chosen', 'reason'];
const KINDS = ['replica', 'cloud'];
const STATES = ['healthy', 'unknown', 'unhealthy', 'circuit-open', 'half-open', 'disallowed', 'no-key'];

/**
 * The rest of a decision line whose first member, `"type":"routing_decision"`, the metric scanner
 * has read: checks every field as `isCurrentRoutingDecision` does and reads only the timestamp. The
 * report only counts decisions (debug routing writes one per request), so none is decoded.
 */
export class DecisionRestScanner {
  private readonly keys: EncodedKeys;
  private readonly candidateKeys: EncodedKeys;

  constructor(
    private readonly state: ScanState,
    private readonly readTimestamp: () => number,
  ) {
    this.keys = state.encodeKeys(KEYS);
    this.candidateKeys = state.encodeKeys(CANDIDATE_KEYS);
  }

  /** Reads the members after `type` to the closing brace; returns the timestamp (epoch ms). */
  scanRest(): number {
    const state = this.state;
    let found = 1;
    let expected = 1;
    let time = Number.NaN;
    while (state.nextMember()) {
      const key = state.readKey(this.keys, expected);
      if ((found & (1 << key)) !== 0) state.fail();
      found |= 1 << key;
      expected = key + 1;
      if (key === 1) {
        if (state.readNumber() !== FAST_PATH_SCHEMA_VERSION) state.fail();
      } else if (key === 2) time = this.readTimestamp();
      else if (key === 7) state.readBoolean();
      else if (key === 8) state.readArray(this.readCandidate);
      else state.readString();
    }
    if (found !== (1 << KEYS.length) - 1) state.fail();
    return time;
  }

  private readonly readCandidateValue = (key: number): void => {
    const state = this.state;
    if (key === 1) state.expectOneOf(KINDS);
    else if (key === 3) state.expectOneOf(STATES);
    else if (key === 4) {
      if (!state.readNull()) state.readCount();
    } else if (key === 5) state.readBoolean();
    else if (key === 2 && state.readNull()) return;
    else state.readString();
  };

  private readonly readCandidate = (): void => {
    const found = this.state.readObject(this.candidateKeys, this.readCandidateValue);
    if (found !== (1 << CANDIDATE_KEYS.length) - 1) this.state.fail();
  };
}
