import type { ServerResponse } from 'node:http';
import type { FaultPlan } from './fault-plan.js';
import type { RequestFault } from './fault-settings.js';
import { SleepAbortedError, sleep, waitForAbort } from './sleep.js';

/** The stream faults drawn for one streaming request. */
export interface StreamFaults {
  cutStream?: RequestFault<'cutStream'>;
  malformedChunk?: RequestFault<'malformedChunk'>;
  stallStream?: RequestFault<'stallStream'>;
  streamError?: RequestFault<'streamError'>;
}

/** Draws the stream faults for a streaming request (each use counts against the fault's `count`). */
export function takeStreamFaults(faults: FaultPlan): StreamFaults {
  const drawn: StreamFaults = {};
  if (!faults.hasRequestFaults) return drawn;
  const cutStream = faults.take('cutStream');
  if (cutStream !== undefined) drawn.cutStream = cutStream;
  const malformedChunk = faults.take('malformedChunk');
  if (malformedChunk !== undefined) drawn.malformedChunk = malformedChunk;
  const stallStream = faults.take('stallStream');
  if (stallStream !== undefined) drawn.stallStream = stallStream;
  const streamError = faults.take('streamError');
  if (streamError !== undefined) drawn.streamError = streamError;
  return drawn;
}

/** How one simulator writes its stream; `runStreamSteps` decides when. */
export interface StreamSteps {
  /** Token steps to send. */
  steps: number;
  faults: StreamFaults;
  signal: AbortSignal;
  /** The pause before each step after the first, in ms. */
  gapMs(): number;
  /** Sends step `step` (0-based). */
  writeStep(step: number): void;
  /** Sends a chunk of broken JSON. */
  writeMalformed(): void;
  /** Sends the provider's in-band error and ends the answer. */
  writeError(): void;
}

/**
 * Destroys the connection once what was written has gone out, so the client gets the tokens before
 * the cut (a plain destroy could drop them from the socket's buffer).
 */
export function destroyAfterFlush(response: ServerResponse): void {
  const socket = response.socket;
  if (socket === null) {
    response.destroy();
    return;
  }
  socket.write('', () => socket.destroy());
}

/** The step at which a fault fires: after N tokens, at the latest just before the stream would end. */
function stepOf(fault: { afterTokens: number } | undefined, steps: number): number {
  return fault === undefined ? -1 : Math.min(fault.afterTokens, steps);
}

/**
 * Paces a stream's token steps and applies the stream faults between them: cut (socket destroyed),
 * malformed chunk, stall (nothing more until the client leaves), in-band error. Resolves true when
 * every step was sent, false when a fault ended the stream; rejects with SleepAbortedError on abort.
 */
export async function runStreamSteps(stream: StreamSteps, response: ServerResponse): Promise<boolean> {
  const cutAt = stepOf(stream.faults.cutStream, stream.steps);
  const malformedAt = stepOf(stream.faults.malformedChunk, stream.steps);
  const stallAt = stepOf(stream.faults.stallStream, stream.steps);
  const errorAt = stepOf(stream.faults.streamError, stream.steps);
  for (let step = 0; step <= stream.steps; step += 1) {
    if (step === cutAt) {
      destroyAfterFlush(response);
      return false;
    }
    if (step === malformedAt) stream.writeMalformed();
    if (step === stallAt) {
      await waitForAbort(stream.signal);
      throw new SleepAbortedError(stream.signal.reason);
    }
    if (step === errorAt) {
      stream.writeError();
      return false;
    }
    if (step === stream.steps) return true;
    if (step > 0) await sleep(stream.gapMs(), stream.signal);
    stream.writeStep(step);
  }
  return true;
}
