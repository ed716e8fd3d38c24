import type { ServerResponse } from 'node:http';
import { BiopipeError } from '@biopipe/core';
import type { FaultPlan } from './fault-plan.js';
import type { SimFaults } from './fault-settings.js';
import { sendJson } from './http-io.js';

/** What the admin endpoint can reach on a simulator. */
export interface AdminTarget {
  faults: FaultPlan;
  stats(): unknown;
}

/**
 * The runtime fault-injection endpoint (only when enabled):
 * `GET /admin/faults`, `POST /admin/faults` (a JSON fault update; `null` clears one),
 * `DELETE /admin/faults` (clear all), `GET /admin/stats`.
 * Returns false when the path is not an admin path.
 */
export function handleAdminRequest(
  method: string,
  path: string,
  body: unknown,
  target: AdminTarget,
  response: ServerResponse,
): boolean {
  if (path === '/admin/faults') {
    if (method === 'GET') sendJson(response, 200, target.faults.current());
    else if (method === 'DELETE') sendJson(response, 200, target.faults.clear());
    else if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      try {
        sendJson(response, 200, target.faults.update(body as SimFaults, 'POST /admin/faults'));
      } catch (error) {
        if (!BiopipeError.isInstance(error)) throw error;
        sendJson(response, 400, { error: error.message, hint: error.hint ?? null });
      }
    } else sendJson(response, 405, { detail: 'Method Not Allowed' });
    return true;
  }
  if (path === '/admin/stats') {
    sendJson(response, 200, target.stats());
    return true;
  }
  return false;
}
