import type { ServerResponse } from 'node:http';
import { runStreamSteps, type StreamFaults } from '../shared/stream-steps.js';
import type { GenerationRequest } from './parse-generation-request.js';
import type { GenerationPlan } from './plan-generation.js';
import type { VllmEngine } from './vllm-engine.js';
import { ENGINE_DEAD_MESSAGE, vllmErrorBody } from './vllm-errors.js';
import {
  deltaChunk,
  malformedChunk,
  roleChunk,
  usageChunk,
  type ResponseHeader,
  type UsageCounts,
} from './vllm-payloads.js';

/** Everything one streamed answer needs. */
export interface StreamGenerationCall {
  engine: VllmEngine;
  request: GenerationRequest;
  plan: GenerationPlan;
  response: ServerResponse;
  header: ResponseHeader;
  faults: StreamFaults;
  slowFactor: number;
  signal: AbortSignal;
}

/** Writes one SSE frame as vLLM does: `data: <json>\n\n`, no event lines, no comments. */
function writeData(response: ServerResponse, data: string): void {
  response.write(`data: ${data}\n\n`);
}

/** An error after the 200 went out: in-band `data: {"error":…}` then `data: [DONE]` (PROTOCOLS.md §1.3). */
export function endStreamWithError(response: ServerResponse, message: string): void {
  writeData(response, JSON.stringify(vllmErrorBody(500, message)));
  writeData(response, '[DONE]');
  response.end();
}

/**
 * Streams the planned answers as vLLM does: per choice a role chunk (chat only), then one chunk per
 * engine step, the last of each choice carrying `finish_reason`; a `choices: []` usage chunk when
 * asked for; `data: [DONE]`. Resolves true when the stream ended normally, false when a fault cut it.
 */
export async function streamGeneration(call: StreamGenerationCall): Promise<boolean> {
  const { engine, request, plan, response, header } = call;
  const endpoint = request.endpoint;
  const usage = (completionTokens: number): UsageCounts | undefined =>
    request.continuousUsage ? { promptTokens: plan.promptTokens, completionTokens } : undefined;
  if (endpoint === 'chat')
    for (const sequence of plan.sequences) writeData(response, roleChunk(header, sequence.index, usage(0)));
  let sent = 0;
  let lastStepAt = performance.now();
  const writeStep = (step: number): void => {
    if (step > 0) {
      const now = performance.now();
      engine.metrics.recordInterToken((now - lastStepAt) / 1000);
      lastStepAt = now;
    }
    for (const sequence of plan.sequences) {
      const { tokens, finishReason, stopReason } = sequence.answer;
      // An empty answer still gets one (empty) finish chunk at step 0.
      if (step >= Math.max(tokens.length, 1)) continue;
      if (step < tokens.length) sent += 1;
      const finish =
        step >= tokens.length - 1 ? { index: sequence.index, text: '', finishReason, stopReason } : undefined;
      writeData(
        response,
        deltaChunk(
          endpoint,
          header,
          tokens[step] ?? '',
          { index: sequence.index, ...(finish && { finish }) },
          usage(sent),
        ),
      );
    }
  };
  const completed = await runStreamSteps(
    {
      steps: plan.steps,
      faults: call.faults,
      signal: call.signal,
      gapMs: () => engine.latency.interTokenMs(call.slowFactor),
      writeStep,
      writeMalformed: () => writeData(response, malformedChunk(header)),
      writeError: () => endStreamWithError(response, ENGINE_DEAD_MESSAGE),
    },
    response,
  );
  if (!completed) return false;
  if (request.includeUsage || engine.options.forceIncludeUsage) {
    writeData(
      response,
      usageChunk(endpoint, header, { promptTokens: plan.promptTokens, completionTokens: plan.completionTokens }),
    );
  }
  writeData(response, '[DONE]');
  response.end();
  return true;
}
