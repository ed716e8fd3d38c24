import { appendFeedback, createFeedbackRecord } from '@biopipe/metrics';
import { sendJson, type Exchange } from './exchange.js';
import { GatewayError, invalidField } from './gateway-errors.js';

const HINTS = {
  request_id: 'Send the x-request-id of the answer you rate, e.g. {"request_id": "…", "rating": "good"}.',
  rating: 'Send "rating": "good" or "rating": "bad".',
  note: 'Send a shorter "note" (a string), or none.',
} as const;

/**
 * `POST /v1/feedback {"request_id", "rating": "good"|"bad", "note"?}`: appends the user's verdict to
 * the feedback file beside the routing metrics, joined to the answer by request id. The note is user
 * text: stored (capped), never logged or echoed back.
 * @throws GatewayError (invalid_request: 400 naming the field; not_found when feedback is off)
 */
export async function handleFeedback(
  exchange: Exchange,
  options: { body: Record<string, unknown>; file: string | undefined },
): Promise<void> {
  if (options.file === undefined)
    throw new GatewayError('not_found', 'This gateway records no feedback: it writes no routing metrics.');
  const allowed = new Set(['request_id', 'rating', 'note']);
  const unknown = Object.keys(options.body).find((key) => !allowed.has(key));
  if (unknown !== undefined)
    throw invalidField(
      unknown.slice(0, 64),
      `Unknown field "${unknown.slice(0, 64)}".`,
      'Send request_id, rating and optionally note.',
    );
  const built = createFeedbackRecord(
    { request_id: options.body['request_id'], rating: options.body['rating'], note: options.body['note'] },
    { source: 'gateway', now: new Date() },
  );
  if ('problem' in built)
    throw invalidField(built.problem.field, `${built.problem.message}.`, HINTS[built.problem.field]);
  await appendFeedback(options.file, built.record);
  sendJson(
    exchange.response,
    200,
    JSON.stringify({ object: 'feedback', request_id: built.record.request_id, rating: built.record.rating }),
    { 'x-request-id': exchange.requestId },
  );
}
