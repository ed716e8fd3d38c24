import type { IncomingHttpHeaders } from 'node:http';
import { invalidField } from './gateway-errors.js';

/** Longest session key kept: a key is an opaque id, and the affinity table holds thousands. */
const MAX_SESSION_LENGTH = 256;
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * What a gateway request says about replica choice and templates: a session (the
 * `x-biopipe-session` header, else OpenAI's `user` field) keeps a conversation on one replica's
 * cache; `x-biopipe-template: NAME` applies a context template (`none` turns off the profile's).
 * @throws GatewayError (400) for a malformed value
 */
export function readRoutingHints(
  headers: IncomingHttpHeaders,
  body: Record<string, unknown>,
): { session: string | undefined; template: string | undefined } {
  const user = body['user'];
  if (user !== undefined && user !== null && typeof user !== 'string')
    throw invalidField('user', 'user must be a string.');
  const session = firstHeader(headers['x-biopipe-session']) ?? (user === '' || user === null ? undefined : user);
  if (session !== undefined && session.length > MAX_SESSION_LENGTH)
    throw invalidField(
      'x-biopipe-session',
      `The session key is ${session.length} characters long; at most ${MAX_SESSION_LENGTH} are accepted.`,
      'Send a short opaque id (a UUID or a hash), not the conversation.',
    );
  const template = firstHeader(headers['x-biopipe-template']);
  if (template !== undefined && !TEMPLATE_NAME.test(template))
    throw invalidField(
      'x-biopipe-template',
      `x-biopipe-template must be a template name (lowercase letters, digits, "_" and "-") or "none".`,
      'See `biopipe templates list` for the names.',
    );
  return { session, template };
}
