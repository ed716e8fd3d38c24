import { randomUUID } from 'node:crypto';
import type { Environment, Logger, MetricsSink, SpendLedger, StrategyConfig, StreamPart } from '@biopipe/core';
import type { SemanticReading, SemanticSignal } from '../complexity/semantic-signal.js';
import type { ChatMessage, ChatRequest } from '../providers/provider.js';
import type { Clock } from '../time/clock.js';
import type { TemplateLookup } from './apply-context-template.js';
import { CloudChain, type CloudProviderFactory } from './cloud-chain.js';
import type { ComplexityStep } from './decide-route.js';
import { explainRoute, type ExplainedRequest, type RouteExplanation } from './explain-route.js';
import { failRequest, prepareRequest } from './prepare-request.js';
import { cloudSecrets } from './redact.js';
import type { ReplicaRanker } from './replica-ranker.js';
import type { RouterParts } from './router-parts.js';
import { chatMessagesOf, embedInputsOf, embedMessagesOf, userText } from './request-messages.js';
import type { EmbedRequest, EmbedResult, GenerateRequest, GenerateResult, RoutedStream } from './request-types.js';
import { runCascade, type CascadeSuccess } from './run-cascade.js';
import { runSafetyGuard } from './run-safety-guard.js';
import {
  createRoutedStream,
  openUntilFirstToken,
  relayCommittedStream,
  type OpenedStream,
  type SettleRoute,
} from './stream-session.js';

export interface CascadingProviderRouterOptions {
  config: StrategyConfig;
  local: ReplicaRanker;
  env: Environment;
  /** Called only for profiles that allow the cloud, and only when a cloud model is first needed. */
  createCloudProvider: CloudProviderFactory;
  metricsSink?: MetricsSink | undefined;
  logger: Logger;
  clock: Clock;
  complexityStep?: ComplexityStep | undefined;
  /** The semantic signal of `complexity_routing.semantic`, read on a local role before the decision. @default off */
  semantic?: SemanticSignal | undefined;
  /** Context templates by name (`templates` in the profile, `x-biopipe-template`). @default none: asking for one fails */
  templates?: TemplateLookup | undefined;
  /** Where cloud spend adds up across processes; the profile's `budget` is enforced only with one. */
  spendLedger?: SpendLedger | undefined;
}

function chatRequestOf(request: GenerateRequest, messages: ChatMessage[]): ChatRequest {
  return { messages, maxTokens: request.max_tokens, temperature: request.temperature, stop: request.stop };
}

/**
 * One strategy's route decision, run as a pipeline (DESIGN.md, Round 2): `prepareRequest` (messages
 * and template, target, plan, guards, replica affinity), `runSafetyGuard`, `runCascade` over the
 * ranked replicas and then, only if the profile allows the cloud, the cloud chain; the RoutingRecorder
 * records every request as exactly one RoutingMetric. With `allow_cloud: false` the CloudChain is never
 * constructed, so no cloud provider can exist.
 */
export class CascadingProviderRouter {
  readonly config: StrategyConfig;
  private readonly parts: RouterParts;

  constructor(private readonly options: CascadingProviderRouterOptions) {
    const { config, env } = options;
    this.config = config;
    this.parts = {
      config,
      local: options.local,
      cloud: config.allowCloud ? new CloudChain(config, env, options.createCloudProvider) : undefined,
      complexityStep: options.complexityStep,
      templates: options.templates,
      spendLedger: options.spendLedger,
      clock: options.clock,
      logger: options.logger,
      metricsSink: options.metricsSink,
      secrets: cloudSecrets(config, env),
    };
  }

  /** Readies what the first request would otherwise wait for: the semantic signal's banks (`off` without one). */
  warmUp(waitMs: number): Promise<'ready' | 'failed' | 'pending' | 'off'> {
    return this.options.semantic?.warm(waitMs) ?? Promise.resolve('off');
  }

  /**
   * The semantic signal for a chat request of a task under complexity routing, when the profile
   * turns it on; waits at most its `timeout_ms` and never fails (a bad request fails when prepared).
   */
  async readSemantic(request: GenerateRequest): Promise<SemanticReading | undefined> {
    const semantic = this.options.semantic;
    if (semantic === undefined || this.config.profile.complexity_routing?.tasks[request.task_type] === undefined)
      return undefined;
    let text: string;
    try {
      text = userText(chatMessagesOf(request));
    } catch {
      return undefined;
    }
    return semantic.read(text, { signal: request.signal, requestId: request.request_id ?? randomUUID() });
  }

  /** Which target would serve a task and why, with each candidate's health; calls no model. */
  explain(request: ExplainedRequest): RouteExplanation {
    return explainRoute(this.parts, request);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const semantic = await this.readSemantic(request);
    const prepared = prepareRequest(this.parts, { ...request, semantic }, 'chat', () => chatMessagesOf(request), false);
    try {
      if (prepared.failure !== undefined) throw prepared.failure;
      await runSafetyGuard(this.parts, prepared);
      const chatRequest = chatRequestOf(request, prepared.messages);
      const served = await runCascade({
        ...prepared.cascade,
        attempt: (candidate, call) => candidate.provider.chat(chatRequest, call),
      });
      served.candidate.settle('success');
      const result = served.value;
      const route = prepared.recorder.finish({
        served,
        usage: result.usage,
        error: undefined,
        outputChars: result.text.length,
      });
      return { text: result.text, finish_reason: result.finishReason, usage: result.usage, route };
    } catch (error) {
      throw failRequest(prepared, error);
    } finally {
      prepared.release();
    }
  }

  /** Parts as they arrive; `route` settles when the stream ends. Errors are parts, never thrown. */
  stream(request: GenerateRequest): RoutedStream {
    return createRoutedStream((settle) => this.streamParts(request, settle));
  }

  async embed(request: EmbedRequest): Promise<EmbedResult> {
    const inputs = embedInputsOf(request);
    const prepared = prepareRequest(
      this.parts,
      { task_type: request.task_type ?? 'embeddings', signal: request.signal, request_id: request.request_id },
      'embeddings',
      () => embedMessagesOf(inputs),
      false,
    );
    try {
      if (prepared.failure !== undefined) throw prepared.failure;
      const served = await runCascade({
        ...prepared.cascade,
        attempt: (candidate, call) => candidate.provider.embed(inputs, call),
      });
      served.candidate.settle('success');
      const { vectors, model, dimensions, usage } = served.value;
      const route = prepared.recorder.finish({ served, usage, error: undefined });
      return { vectors, model, dimensions, usage, route };
    } catch (error) {
      throw failRequest(prepared, error);
    } finally {
      prepared.release();
    }
  }

  private async *streamParts(request: GenerateRequest, settle: SettleRoute): AsyncGenerator<StreamPart> {
    const semantic = await this.readSemantic(request);
    const prepared = prepareRequest(this.parts, { ...request, semantic }, 'chat', () => chatMessagesOf(request), true);
    let served: CascadeSuccess<OpenedStream>;
    try {
      if (prepared.failure !== undefined) throw prepared.failure;
      await runSafetyGuard(this.parts, prepared);
      const chatRequest = chatRequestOf(request, prepared.messages);
      served = await runCascade({
        ...prepared.cascade,
        attempt: (candidate, call) => openUntilFirstToken(candidate.provider.streamChat(chatRequest, call)),
      });
    } catch (error) {
      const failure = failRequest(prepared, error);
      prepared.release();
      settle(prepared.recorder.finish({ served: undefined, usage: undefined, error: failure }));
      yield { type: 'error', error: failure };
      return;
    }
    const { recorder, release } = prepared;
    recorder.markFirstToken();
    yield* relayCommittedStream(served, { target: recorder.target }, (ending) => {
      release();
      settle(recorder.finish({ served, usage: ending.usage, error: ending.error, outputChars: ending.outputChars }));
    });
  }
}
