import type { IncomingMessage } from 'node:http';
import { readBody } from './http-io.js';

/** A request body: parsed JSON, or the reason it is not valid JSON. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; text: string; problem: string };

/** Reads and parses a JSON body; an empty body parses as undefined. */
export async function readJsonBody(request: IncomingMessage): Promise<ParsedBody> {
  const text = await readBody(request);
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, text, problem: error instanceof Error ? error.message : String(error) };
  }
}
