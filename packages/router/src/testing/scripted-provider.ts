import { ProviderCallError, type ProviderKind } from '@biopipe/core';
import type { CallOptions, ChatProvider, ChatRequest } from '../providers/provider.js';
import { abortReason, type CancelSignal } from '../resilience/cancellation.js';

/** One scripted answer: text (streamed word by word), an error class to fail with, or a hang until aborted. */
export type ScriptedStep =
  | { kind: 'answer'; text: string; model?: string }
  | {
      kind: 'fail';
      errorClass: string;
      status?: number;
      retryable: boolean;
      retryAfterMs?: number;
      afterTokens?: number;
    }
  | { kind: 'hang' };

/** A provider whose calls follow a script (the last step repeats), recording each call. */
export interface ScriptedProvider extends ChatProvider {
  readonly calls: {
    operation: 'chat' | 'stream' | 'embed';
    request: ChatRequest | readonly string[];
    options: CallOptions;
  }[];
}

export function createScriptedProvider(options: {
  endpoint: string;
  kind?: ProviderKind;
  model?: string;
  steps: readonly ScriptedStep[];
}): ScriptedProvider {
  const kind = options.kind ?? 'vllm';
  const calls: ScriptedProvider['calls'] = [];
  const nextStep = (): ScriptedStep =>
    options.steps[Math.min(calls.length - 1, options.steps.length - 1)] ?? { kind: 'answer', text: 'ok' };
  const failure = (step: Extract<ScriptedStep, { kind: 'fail' }>): ProviderCallError =>
    new ProviderCallError({
      provider: kind,
      url: options.endpoint,
      status: step.status,
      errorClass: step.errorClass,
      isRetryable: step.retryable,
      retryAfterMs: step.retryAfterMs,
      message: `${options.endpoint}: scripted ${step.errorClass}`,
    });
  const hang = (signal: CancelSignal): Promise<never> =>
    new Promise((_resolve, reject) => {
      if (signal.aborted) reject(abortReason(signal));
      signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
    });
  const model = options.model ?? 'scripted-model';
  return {
    kind,
    endpoint: options.endpoint,
    model,
    calls,
    async chat(request, callOptions) {
      calls.push({ operation: 'chat', request, options: callOptions });
      const step = nextStep();
      if (step.kind === 'hang') return hang(callOptions.signal);
      if (step.kind === 'fail') throw failure(step);
      return {
        text: step.text,
        finishReason: 'stop',
        usage: { promptTokens: 3, completionTokens: 2 },
        model: step.model ?? model,
      };
    },
    async *streamChat(request, callOptions) {
      calls.push({ operation: 'stream', request, options: callOptions });
      const step = nextStep();
      if (step.kind === 'hang') await hang(callOptions.signal);
      if (step.kind === 'fail') {
        for (let index = 0; index < (step.afterTokens ?? 0); index++) yield { type: 'text-delta', text: `t${index} ` };
        throw failure(step);
      }
      if (step.kind !== 'answer') return;
      for (const word of step.text.split(/(?<= )/)) yield { type: 'text-delta', text: word };
      yield {
        type: 'stream-end',
        finishReason: 'stop',
        usage: { promptTokens: 3, completionTokens: 2 },
        model: step.model ?? model,
      };
    },
    async embed(inputs, callOptions) {
      calls.push({ operation: 'embed', request: inputs, options: callOptions });
      const step = nextStep();
      if (step.kind === 'hang') return hang(callOptions.signal);
      if (step.kind === 'fail') throw failure(step);
      return {
        vectors: inputs.map(() => [0.1, 0.2, 0.3]),
        model: step.model ?? model,
        dimensions: 3,
        usage: undefined,
      };
    },
  };
}
