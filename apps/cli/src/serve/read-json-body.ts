import type { IncomingMessage } from 'node:http';
import { BiopipeError } from '@biopipe/core';
import { GatewayError } from './gateway-errors.js';

function tooLarge(limit: number): GatewayError {
  return new GatewayError(
    'payload_too_large',
    `The request body is larger than the gateway's limit of ${limit} bytes.`,
    {
      hint: 'Send a smaller request, or start biopipe serve with a larger --max-body-bytes.',
    },
  );
}

/**
 * Refuses a body that is not declared `application/json` (any charset): browsers send `text/plain`,
 * form and multipart bodies from any page without a CORS preflight, so only JSON proves the caller
 * could set its own headers.
 * @throws GatewayError (unsupported_media_type)
 */
function requireJsonContentType(request: IncomingMessage): void {
  const declared = request.headers['content-type'];
  const mediaType = (declared ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return;
  throw new GatewayError(
    'unsupported_media_type',
    declared === undefined
      ? 'The request has no Content-Type; the gateway accepts only JSON.'
      : `The request body is declared "${declared.slice(0, 100)}"; the gateway accepts only JSON.`,
    { hint: 'Send the body with Content-Type: application/json.' },
  );
}

/**
 * Reads a JSON object body of at most `limit` bytes. A declared `Content-Length` over the limit is
 * refused before a byte is read; a chunked body is counted as it arrives and refused the moment it
 * passes the limit, so an oversized body is never held in memory. A refused body is left unread: the
 * caller answers 413 and closes the connection.
 * @throws GatewayError (unsupported_media_type, payload_too_large, invalid_request)
 */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  try {
    requireJsonContentType(request);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        request.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      const text =
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        reject(
          new GatewayError('invalid_request', 'The request body is not valid JSON.', {
            hint: 'Send a JSON object with Content-Type: application/json.',
          }),
        );
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        reject(new GatewayError('invalid_request', 'The request body must be a JSON object.'));
        return;
      }
      resolve(value as Record<string, unknown>);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // A client that goes away mid-body: 'close' without 'end'.
    const onClose = (): void =>
      onError(new BiopipeError('aborted', 'The client closed the connection before sending the whole body.'));
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
