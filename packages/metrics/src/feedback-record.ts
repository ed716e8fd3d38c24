/** Version of the feedback record below; readers accept this one. */
export const FEEDBACK_SCHEMA_VERSION = 1;
/** Longest note kept, in characters: notes are user text, stored for the reader of the file only. */
export const FEEDBACK_NOTE_MAX_CHARS = 1000;
/** Request ids as the gateway accepts them in `x-request-id` (and as biopipe makes them: UUIDs). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export type FeedbackRating = 'good' | 'bad';

/** One user's verdict on one answer, joined to its RoutingMetric by `request_id`. Never logged. */
export interface FeedbackRecord {
  type: 'feedback';
  schema_version: number;
  /** ISO 8601 time the feedback was given. */
  timestamp: string;
  request_id: string;
  rating: FeedbackRating;
  /** Free text from the user, at most FEEDBACK_NOTE_MAX_CHARS characters. */
  note?: string;
  /** Where it came from. */
  source: 'cli' | 'gateway';
}

/** What was wrong with given feedback: the field, and a message that says how to fix it (never echoing the note). */
export interface FeedbackProblem {
  field: 'request_id' | 'rating' | 'note';
  message: string;
}

/**
 * Checks feedback as a user or a client gave it and builds the record, or says which field is wrong.
 * The note is kept as written; it is never put into an error message.
 */
export function createFeedbackRecord(
  input: { request_id: unknown; rating: unknown; note?: unknown },
  context: { source: FeedbackRecord['source']; now: Date },
): { record: FeedbackRecord } | { problem: FeedbackProblem } {
  const { request_id: requestId, rating, note } = input;
  if (typeof requestId !== 'string' || !REQUEST_ID_PATTERN.test(requestId))
    return {
      problem: {
        field: 'request_id',
        message:
          typeof requestId === 'string'
            ? 'request_id must be 1 to 128 letters, digits, ".", "_", ":" or "-", as in the x-request-id of the answer'
            : 'request_id is required: the x-request-id header (or --json request_id) of the answer',
      },
    };
  if (rating !== 'good' && rating !== 'bad')
    return { problem: { field: 'rating', message: 'rating must be "good" or "bad"' } };
  if (note !== undefined && note !== null && typeof note !== 'string')
    return { problem: { field: 'note', message: 'note must be a string' } };
  if (typeof note === 'string' && [...note].length > FEEDBACK_NOTE_MAX_CHARS)
    return {
      problem: {
        field: 'note',
        message: `note is ${[...note].length} characters; the limit is ${FEEDBACK_NOTE_MAX_CHARS}`,
      },
    };
  return {
    record: {
      type: 'feedback',
      schema_version: FEEDBACK_SCHEMA_VERSION,
      timestamp: context.now.toISOString(),
      request_id: requestId,
      rating,
      ...(typeof note === 'string' && note !== '' ? { note } : {}),
      source: context.source,
    },
  };
}

/** A line of the feedback file, checked by hand (no schema library on the report's path), or why not. */
export function parseFeedbackLine(line: string): { record: FeedbackRecord } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { reason: 'not valid JSON (a torn or cut line?)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'not a JSON object' };
  const object = value as Record<string, unknown>;
  if (object['type'] !== 'feedback')
    return { reason: `not a feedback record (type ${JSON.stringify(object['type'])})` };
  if (object['schema_version'] !== FEEDBACK_SCHEMA_VERSION)
    return { reason: `unknown feedback schema_version ${JSON.stringify(object['schema_version'])}` };
  if (typeof object['timestamp'] !== 'string' || Number.isNaN(Date.parse(object['timestamp'])))
    return { reason: 'timestamp is not an ISO 8601 time' };
  const source = object['source'];
  const built = createFeedbackRecord(
    { request_id: object['request_id'], rating: object['rating'], note: object['note'] },
    { source: source === 'gateway' ? 'gateway' : 'cli', now: new Date(object['timestamp']) },
  );
  if ('problem' in built) return { reason: built.problem.message };
  if (source !== 'cli' && source !== 'gateway') return { reason: 'source must be "cli" or "gateway"' };
  return { record: { ...built.record, timestamp: object['timestamp'] } };
}
