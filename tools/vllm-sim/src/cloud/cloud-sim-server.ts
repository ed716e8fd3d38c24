import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdminRequest } from '../shared/admin-routes.js';
import { FaultPlan, type FaultSwitches } from '../shared/fault-plan.js';
import type { SimFaults } from '../shared/fault-settings.js';
import { formatUrl } from '../shared/format-url.js';
import { SimHttpError, sendJson } from '../shared/http-io.js';
import { LatencyModel } from '../shared/latency-model.js';
import { readJsonBody } from '../shared/parse-json-request.js';
import { SleepAbortedError } from '../shared/sleep.js';
import { RequestRecorder, redactHeaders, type RecordedRequest } from '../shared/request-recorder.js';
import { TrackedServer, reservePort } from '../shared/tracked-server.js';
import type { CloudSimOptions } from './cloud-sim-options.js';

/** A running simulated cloud API. */
export interface CloudSimHandle {
  /** Base URL, e.g. `http://127.0.0.1:8005`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first (headers with credentials redacted, body parsed). */
  readonly requests: RecordedRequest[];
  /** Requests received since start (or the last `clearRecords`). */
  requestCount(): number;
  /** TCP connections accepted, counted before any byte is parsed. */
  connectionCount(): number;
  /** Forgets recorded requests and resets both counters. */
  clearRecords(): void;
  setFaults(update: SimFaults): SimFaults;
  clearFaults(): SimFaults;
  faults(): SimFaults;
  /** Closes the listener and destroys every open socket. */
  stop(): Promise<void>;
}

/** What a cloud API's handler receives for one request. */
export interface CloudRequest {
  method: string;
  path: string;
  request: IncomingMessage;
  response: ServerResponse;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  faults: FaultPlan;
  latency: LatencyModel;
  /** Aborts when the client goes away or the server stops. */
  signal: AbortSignal;
}

/** What makes one cloud simulator different from the other: its routes and its error body. */
export interface CloudSimDefinition {
  /** Handles a request after recording, admin routes and the hang fault. */
  handle(call: CloudRequest): Promise<void>;
  /** The provider's error body for a status (used for bad JSON and unexpected failures). */
  errorBody(status: number, message: string): unknown;
}

/**
 * The part both cloud simulators share: a tracked server that records every request and connection,
 * runtime faults (refuse connections, hang, the admin endpoint), and clean shutdown.
 */
export async function startCloudSimServer(
  options: CloudSimOptions,
  definition: CloudSimDefinition,
): Promise<CloudSimHandle> {
  const host = options.host ?? '127.0.0.1';
  const recorder = new RequestRecorder(options.recordLimit ?? 10_000);
  const latency = new LatencyModel(options);
  const controllers = new Set<AbortController>();
  let ready = false;
  let connectionsBefore = 0;
  const onSwitch = (switches: FaultSwitches): void => {
    if (!ready) return;
    if (switches.refuseConnections) server.pause();
    else server.listen().catch(() => undefined);
    if (switches.die !== false) void stop();
  };
  const faults = new FaultPlan(options.faultSeed ?? 1, onSwitch);
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    const method = request.method ?? 'GET';
    const controller = new AbortController();
    controllers.add(controller);
    response.on('close', () => {
      controllers.delete(controller);
      if (!response.writableFinished) controller.abort('client-gone');
    });
    const run = async (): Promise<void> => {
      const parsed = await readJsonBody(request);
      recorder.record({
        method,
        path,
        headers: redactHeaders(request.headers),
        body: parsed.ok ? parsed.value : parsed.text,
        receivedAt: Date.now(),
      });
      if (options.enableAdmin === true && path.startsWith('/admin/')) {
        const stats = (): unknown => ({
          requests: recorder.count,
          connectionsAccepted: server.connectionsAccepted - connectionsBefore,
        });
        if (handleAdminRequest(method, path, parsed.ok ? parsed.value : undefined, { faults, stats }, response)) return;
      }
      const hang = faults.peek('hang');
      if (hang !== undefined && (method === 'POST' || hang.allEndpoints === true) && faults.take('hang') !== undefined)
        return;
      if (!parsed.ok)
        throw new SimHttpError(400, definition.errorBody(400, `The request body is not valid JSON: ${parsed.problem}`));
      await definition.handle({
        method,
        path,
        request,
        response,
        body: parsed.value,
        faults,
        latency,
        signal: controller.signal,
      });
    };
    run().catch((error: unknown) => {
      if (response.headersSent || error instanceof SleepAbortedError) {
        response.destroy();
        return;
      }
      if (error instanceof SimHttpError) return sendJson(response, error.status, error.body, error.headers);
      sendJson(response, 500, definition.errorBody(500, error instanceof Error ? error.message : String(error)));
    });
  };
  const refuseAtStart = options.faults?.refuseConnections === true;
  const port = (options.port ?? 0) === 0 && refuseAtStart ? await reservePort(host) : (options.port ?? 0);
  const server = new TrackedServer(handler, host, port);
  const stop = async (): Promise<void> => {
    for (const controller of controllers) controller.abort('server-stopped');
    await server.stop();
  };
  if (options.faults !== undefined) faults.update(options.faults, 'the faults option');
  if (faults.current().refuseConnections !== true) await server.listen();
  ready = true;
  return {
    url: formatUrl(host, server.port),
    port: server.port,
    get requests() {
      return recorder.requests;
    },
    requestCount: () => recorder.count,
    connectionCount: () => server.connectionsAccepted - connectionsBefore,
    clearRecords: () => {
      recorder.clear();
      connectionsBefore = server.connectionsAccepted;
    },
    setFaults: (update) => faults.update(update),
    clearFaults: () => faults.clear(),
    faults: () => faults.current(),
    stop,
  };
}
