import type { ServerResponse } from 'node:http';
import { isGone, sendJson, startEventStream } from '../shared/http-io.js';
import { SleepAbortedError, sleep } from '../shared/sleep.js';
import type { GenerationRequest } from './parse-generation-request.js';
import type { GenerationPlan } from './plan-generation.js';
import { takeStreamFaults } from '../shared/stream-steps.js';
import { endStreamWithError, streamGeneration } from './stream-generation.js';
import type { AbortReason, VllmEngine } from './vllm-engine.js';
import { ENGINE_DEAD_MESSAGE, OVERLOADED_MESSAGE, vllmError } from './vllm-errors.js';
import { chatAnswer, completionAnswer, type ChoiceResult, type ResponseHeader } from './vllm-payloads.js';

/** One checked and planned chat/completions request, ready to run. */
export interface GenerationCall {
  engine: VllmEngine;
  request: GenerationRequest;
  plan: GenerationPlan;
  response: ServerResponse;
  /** The request id (from `X-Request-Id`, else random). */
  requestId: string;
}

function choiceResults(plan: GenerationPlan): ChoiceResult[] {
  return plan.sequences.map((sequence) => ({
    index: sequence.index,
    text: sequence.answer.tokens.join(''),
    finishReason: sequence.answer.finishReason,
    stopReason: sequence.answer.stopReason,
  }));
}

/** Uses up the cache lookups of every prompt and returns the tokens left to prefill. */
function prefill(engine: VllmEngine, request: GenerationRequest): number {
  let uncached = 0;
  for (const prompt of request.prompts) {
    const cached = engine.prefixCache?.lookupAndStore(prompt.tokenIds) ?? 0;
    engine.metrics.recordPrefixLookup(prompt.tokenIds.length, cached);
    uncached += prompt.tokenIds.length - cached;
  }
  return uncached;
}

/** Answers an aborted request as far as anyone is still listening. */
function answerAbort(response: ServerResponse, reason: AbortReason): void {
  if (reason !== 'engine-dead' || isGone(response)) return;
  if (response.headersSent) endStreamWithError(response, ENGINE_DEAD_MESSAGE);
  else sendJson(response, 500, vllmError(500, ENGINE_DEAD_MESSAGE).body);
}

/**
 * Runs one chat/completions request through the simulated engine: admission (503 when the queue is
 * at its limit), the queue, prefill (prefix cache), then decode — streamed token by token, or as one
 * answer. Records every vLLM metric on the way. Client disconnects and engine death abort it.
 */
export async function runGeneration(call: GenerationCall): Promise<void> {
  const { engine, request, plan, response } = call;
  if (engine.scheduler.isFull) throw vllmError(503, OVERLOADED_MESSAGE);
  const slow = engine.faults.take('slow');
  const streamFaults = request.stream ? takeStreamFaults(engine.faults) : {};
  const header: ResponseHeader = {
    id: `${request.endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${call.requestId}`,
    created: Math.floor(Date.now() / 1000),
    model: engine.modelName,
  };
  const tracked = engine.trackResponse(response);
  const arrival = performance.now();
  const marks: { scheduled?: number; firstToken?: number } = {};
  let admitted = false;
  let finishedReason: 'stop' | 'length' | 'abort' = 'abort';
  const blocks = Math.ceil((plan.promptTokens + plan.completionTokens) / engine.options.blockSize);
  const generatedBlocks = blocks - Math.floor(plan.promptTokens / engine.options.blockSize);
  const slowFactor = slow?.factor ?? 1;
  try {
    if (request.stream) startEventStream(response);
    await engine.scheduler.admit(tracked.signal);
    admitted = true;
    engine.kvBlocksInUse += blocks;
    engine.prefixCache?.reserve(generatedBlocks);
    marks.scheduled = performance.now();
    const uncached = prefill(engine, request);
    await sleep(engine.latency.firstTokenMs(uncached, slowFactor) + (slow?.addedFirstTokenMs ?? 0), tracked.signal);
    marks.firstToken = performance.now();
    engine.metrics.recordFirstToken((marks.firstToken - arrival) / 1000);
    let completed = true;
    if (request.stream) {
      completed = await streamGeneration({
        engine,
        request,
        plan,
        response,
        header,
        faults: streamFaults,
        slowFactor,
        signal: tracked.signal,
      });
    } else {
      let decodeMs = 0;
      for (let step = 1; step < plan.steps; step += 1) {
        const gap = engine.latency.interTokenMs(slowFactor);
        decodeMs += gap;
        engine.metrics.recordInterToken(gap / 1000);
      }
      await sleep(decodeMs, tracked.signal);
      const build = request.endpoint === 'chat' ? chatAnswer : completionAnswer;
      sendJson(response, 200, build(header, choiceResults(plan), plan));
    }
    if (completed) finishedReason = plan.sequences[0]?.answer.finishReason ?? 'stop';
  } catch (error) {
    if (!(error instanceof SleepAbortedError)) throw error;
    answerAbort(response, error.reason as AbortReason);
  } finally {
    const end = performance.now();
    const scheduled = marks.scheduled ?? end;
    const firstToken = marks.firstToken ?? end;
    tracked.finish();
    if (admitted) {
      engine.scheduler.release();
      engine.kvBlocksInUse -= blocks;
      engine.prefixCache?.release(generatedBlocks);
    }
    engine.metrics.recordFinished({
      finishedReason,
      promptTokens: plan.promptTokens,
      generationTokens: finishedReason === 'abort' ? 0 : plan.completionTokens,
      maxTokens: plan.effectiveMaxTokens,
      n: request.n,
      queueSeconds: (scheduled - arrival) / 1000,
      prefillSeconds: (firstToken - scheduled) / 1000,
      decodeSeconds: (end - firstToken) / 1000,
    });
  }
}
