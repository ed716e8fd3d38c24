import type { RoutingMetric } from '@biopipe/core';
import { FAST_PATH_SCHEMA_VERSION, RECORD_HEAD_KEYS } from './parse-record-fast.js';
import { DecisionRestScanner } from './scan-decision-rest.js';
import { ScanFailure, ScanState, type ScannedString } from './scan-state.js';

/** The fields of a metric record that the report's accumulators read. */
export type MetricFields = Pick<
  RoutingMetric,
  | 'request_id'
  | 'task_type'
  | 'query_length'
  | 'model_used'
  | 'endpoint'
  | 'fallback_depth'
  | 'cloud'
  | 'ttft_ms'
  | 'latency_ms'
  | 'prompt_tokens'
  | 'completion_tokens'
  | 'success'
  | 'error_class'
  | 'complexity_score'
  | 'complexity_decision'
  | 'cost_usd'
  | 'cost_estimated'
  | 'variant'
>;

// Every key of the current RoutingMetric, in the order the sink writes them (so the next key is
// nearly always the expected one); `variant` and `safety_guard` are the only optional ones.
const KEYS = [
  ...RECORD_HEAD_KEYS,
  'query_length',
  'target',
  'model_used',
  'provider',
  'endpoint',
  'fallback_depth',
  'cloud',
  'attempts',
  'ttft_ms',
  'latency_ms',
  'prompt_tokens',
  'completion_tokens',
  'success',
  'error_class',
  'error_message',
  'stream',
  'complexity_score',
  'complexity_decision',
  'complexity_version',
  'router_version',
  'cost_usd',
  'cost_estimated',
  'phi_categories',
  'budget_exceeded',
  'variant',
  'safety_guard',
] as const;
// Bit masks of keys found: every key but the optional ones must be.
const ALL_KEYS_MASK = (-1 >>> (32 - KEYS.length)) | 0;
const OPTIONAL_MASK = (1 << 30) | (1 << 31);
const UNDERSCORE = 0x5f;
const ATTEMPT_KEYS = ['target', 'endpoint', 'model', 'outcome', 'error_class', 'duration_ms'] as const;
const VARIANT_KEYS = ['experiment', 'arm'] as const;
const SAFETY_KEYS = ['verdict', 'action', 'categories'] as const;
const OUTCOMES = ['success', 'error', 'skipped'];
const VERDICTS = ['safe', 'unsafe', 'unavailable'];
const ACTIONS = ['block', 'flag', 'fail_open', 'fail_closed', 'none'];
const DECISIONS = ['weak', 'strong'] as const;
const ATTEMPT_MASK = (1 << ATTEMPT_KEYS.length) - 1;

/** What `scan` returns for a current decision record (checked whole, read only for its time). */
export const DECISION = 'decision';
const RECORD_TYPES = ['routing_metric', 'routing_decision'];
const MINUTE_MS = 60_000;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const isNonNegative = (value: number): boolean => value >= 0 && Number.isFinite(value);

/**
 * The report's reader for current metric records: one pass over a line's bytes that validates the
 * JSON grammar exactly (RFC 8259), checks every field's type as `isCurrentRoutingMetric` does, and
 * makes strings only for the fields the accumulators read. It answers `undefined` for anything
 * unusual — invalid JSON, an escape in an extracted string, a duplicate or unknown key, a missing
 * field, an older version — which the caller hands to `parseRecordLine` (JSON.parse and
 * zod), so problem reports and legacy upgrades stay exactly as they are. What it accepts,
 * JSON.parse and `isCurrentRoutingMetric` accept with the same values (`scan-metric-line.fuzz.spec.ts`).
 * JSON.parse of every line alone costs more CPU than DuckDB's whole query (see `tools/bench/metrics-report`).
 */
export class MetricLineScanner {
  private readonly state = new ScanState();
  private readonly keys = this.state.encodeKeys(KEYS);
  private readonly attemptKeys = this.state.encodeKeys(ATTEMPT_KEYS);
  private readonly variantKeys = this.state.encodeKeys(VARIANT_KEYS);
  private readonly safetyKeys = this.state.encodeKeys(SAFETY_KEYS);
  private readonly requestId: ScannedString = { start: 0, end: 0, plain: true };
  private readonly decisions = new DecisionRestScanner(this.state, () => this.readTimestamp());
  private experiment = '';
  // The minute of the last timestamp parsed in full: its first 17 bytes, and its start in epoch ms.
  private readonly minutePrefix = Buffer.alloc(17);
  private minuteStart = Number.NaN;
  private arm = '';

  // One object for every line: the accumulators copy what they keep, and a million short-lived
  // records a second cost the reader threads a tenth of their time in collections.
  private readonly fields = {} as MetricFields;

  /** The timestamp (epoch ms) of the record `scan` returned last. */
  time = 0;

  /**
   * Scans `bytes[start, end)`, one line without its newline; the record's timestamp goes to `time`.
   * The record returned is valid until the next call (`request_id` is read only with a variant).
   */
  scan(bytes: Buffer, start: number, end: number): MetricFields | typeof DECISION | undefined {
    try {
      return this.scanRecord(bytes, start, end);
    } catch (error) {
      if (error instanceof ScanFailure) return undefined;
      throw error;
    }
  }

  private scanRecord(bytes: Buffer, start: number, end: number): MetricFields | typeof DECISION {
    const state = this.state;
    state.reset(bytes, start, end);
    const fields = this.fields;
    fields.variant = undefined;
    let found = 0;
    let expected = 0;
    if (state.openObject()) state.fail();
    do {
      const key = state.readKey(this.keys, expected);
      if ((found & (1 << key)) !== 0) state.fail();
      found |= 1 << key;
      expected = key + 1;
      switch (key) {
        case 0:
          if (state.expectOneOf(RECORD_TYPES) === 1) {
            // A decision, when `type` comes first (as the sink writes it); else the slow path.
            if (found !== 1) state.fail();
            this.time = this.decisions.scanRest();
            state.finish();
            return DECISION;
          }
          break;
        case 1:
          if (state.readNumber() !== FAST_PATH_SCHEMA_VERSION) state.fail();
          break;
        case 2:
          this.time = this.readTimestamp();
          break;
        case 3:
          state.readString(this.requestId);
          break;
        case 5:
          fields.task_type = state.readText();
          break;
        case 6:
          fields.query_length = state.readCount();
          break;
        case 8:
          fields.model_used = state.readNullableText();
          break;
        case 10:
          fields.endpoint = state.readNullableText();
          break;
        case 11:
          fields.fallback_depth = state.readCount();
          break;
        case 12:
          fields.cloud = state.readBoolean();
          break;
        case 13:
          state.readArray(this.readAttempt);
          break;
        case 14:
          fields.ttft_ms = state.readNull() ? null : this.readNonNegative();
          break;
        case 15:
          fields.latency_ms = this.readNonNegative();
          break;
        case 16:
          fields.prompt_tokens = state.readNull() ? null : state.readCount();
          break;
        case 17:
          fields.completion_tokens = state.readNull() ? null : state.readCount();
          break;
        case 18:
          fields.success = state.readBoolean();
          break;
        case 19:
          {
            const errorClass = this.readErrorClass();
            fields.error_class = errorClass === null ? null : state.textOf(errorClass);
          }
          break;
        case 27:
          fields.cost_estimated = state.readBoolean();
          break;
        case 21:
        case 29:
          state.readBoolean();
          break;
        case 22:
          fields.complexity_score = state.readNull() ? null : this.readFinite();
          break;
        case 23:
          fields.complexity_decision = state.readNull() ? null : (DECISIONS[state.expectOneOf(DECISIONS)] ?? null);
          break;
        case 26:
          fields.cost_usd = this.readNonNegative();
          break;
        case 28:
          if (!state.readNull()) state.readMap(this.readCount);
          break;
        case 30:
          fields.variant = this.readVariant();
          break;
        case 31:
          this.readSafetyGuard();
          break;
        case 7:
        case 25:
          state.readString();
          break;
        default: // 4, 9, 20, 24: strings or null the report does not read
          if (!state.readNull()) state.readString();
      }
    } while (state.nextMember());
    if ((found | OPTIONAL_MASK) !== ALL_KEYS_MASK) state.fail();
    state.finish();
    fields.request_id = fields.variant === undefined ? '' : state.textOf(this.requestId);
    return fields;
  }

  /** Whether the 17 bytes at `start` are those of the last fully parsed timestamp (a loop: short, no native call). */
  private sameMinute(start: number): boolean {
    const { minutePrefix } = this;
    const { bytes } = this.state;
    for (let index = 16; index >= 0; index -= 1) if (bytes[start + index] !== minutePrefix[index]) return false;
    return true;
  }

  /**
   * An ISO timestamp string as epoch ms, as `Date.parse` gives it. Records come in time order, so
   * the minute mostly repeats: while the first 17 bytes (`YYYY-MM-DDTHH:MM:`) equal those of the last
   * full parse, only seconds and milliseconds are read. A string that is not a date fails the line.
   */
  private readTimestamp(): number {
    const state = this.state;
    const string = state.readString();
    if (!string.plain) state.fail();
    const { bytes } = state;
    const start = string.start;
    const isIsoShape = string.end - start === 24 && bytes[start + 19] === DOT && bytes[start + 23] === 0x5a;
    if (isIsoShape && this.sameMinute(start)) {
      const digit = (offset: number): number => {
        const value = (bytes[start + offset] as number) - DIGIT_0;
        return value >= 0 && value <= 9 ? value : Number.NaN;
      };
      const seconds = digit(17) * 10 + digit(18);
      const milliseconds = digit(20) * 100 + digit(21) * 10 + digit(22);
      if (seconds < 60 && milliseconds >= 0) return this.minuteStart + seconds * 1000 + milliseconds;
    }
    const time = Date.parse(bytes.toString('utf8', start, string.end));
    if (Number.isNaN(time)) state.fail();
    if (
      isIsoShape &&
      time >= 0 &&
      /^\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:$/.test(bytes.toString('latin1', start, start + 17))
    ) {
      bytes.copy(this.minutePrefix, 0, start, start + 17);
      this.minuteStart = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    }
    return time;
  }

  private readNonNegative(): number {
    const value = this.state.readNumber();
    if (!isNonNegative(value)) this.state.fail();
    return value;
  }

  private readFinite(): number {
    const value = this.state.readNumber();
    if (!Number.isFinite(value)) this.state.fail();
    return value;
  }

  private readonly readCount = (): void => void this.state.readCount();

  private readonly readAttemptValue = (key: number): void => {
    const state = this.state;
    if (key === 0) state.readString();
    else if (key === 3) state.expectOneOf(OUTCOMES);
    else if (key === 5) this.readNonNegative();
    else if (key === 4) this.readErrorClass();
    else if (!state.readNull()) state.readString();
  };

  /**
   * An error class, kebab-case: one with an underscore or an escape (older files wrote snake_case) fails
   * the line, so the slow path upgrades it as it does for the JSON.parse reader.
   */
  private readErrorClass(): ScannedString | null {
    const state = this.state;
    if (state.readNull()) return null;
    const string = state.readString();
    if (!string.plain) state.fail();
    for (let at = string.start; at < string.end; at += 1) if (state.bytes[at] === UNDERSCORE) state.fail();
    return string;
  }

  private readonly readAttempt = (): void => {
    if (this.state.readObject(this.attemptKeys, this.readAttemptValue) !== ATTEMPT_MASK) this.state.fail();
  };

  private readonly readVariantValue = (key: number): void => {
    if (key === 0) this.experiment = this.state.readText();
    else this.arm = this.state.readText();
  };

  private readVariant(): NonNullable<MetricFields['variant']> {
    if (this.state.readObject(this.variantKeys, this.readVariantValue) !== 3) this.state.fail();
    return { experiment: this.experiment, arm: this.arm };
  }

  private readonly readSafetyValue = (key: number): void => {
    const state = this.state;
    if (key === 0) state.expectOneOf(VERDICTS);
    else if (key === 1) state.expectOneOf(ACTIONS);
    else state.readArray(this.readString);
  };

  private readonly readString = (): void => void this.state.readString();

  private readSafetyGuard(): void {
    if (this.state.readObject(this.safetyKeys, this.readSafetyValue) !== 7) this.state.fail();
  }
}
