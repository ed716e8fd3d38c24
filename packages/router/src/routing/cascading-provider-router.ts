import { randomUUID } from 'node:crypto';
import type { BiopipeError } from '@biopipe/core';
import {
  CascadeExhaustedError,
  CloudDisallowedError,
  LocalModelUnavailableError,
  RequestTimeoutError,
  UsageError,
  normalizeError,
  type Environment,
  type Logger,
  type MetricsSink,
  type ComplexityVerdict,
  type RoutingCandidate,
  type SpendLedger,
  type StrategyConfig,
  type StreamPart,
  type TokenUsage,
} from '@biopipe/core';
import type { SemanticReading, SemanticSignal } from '../complexity/semantic-signal.js';
import type { ChatMessage, ChatRequest } from '../providers/provider.js';
import { createAffinityKey } from '../replica-choice/affinity-key.js';
import type { AffinityKey } from '../replica-choice/affinity-store.js';
import { Cancellation } from '../resilience/cancellation.js';
import type { Clock } from '../time/clock.js';
import { withContextTemplate, type TemplateLookup } from './apply-context-template.js';
import type { CandidateList } from './candidate.js';
import { checkRequestFits, minimumPromptTokens } from './check-request-fits.js';
import { CloudChain, isCandidate, type CloudProviderFactory } from './cloud-chain.js';
import { planCascade, type CascadeOperation, type CascadeStep } from './cascade-plan.js';
import type { VariantAssignment } from './assign-variant.js';
import { decideRoute, type ComplexityStep } from './decide-route.js';
import { describeCandidates } from './describe-candidates.js';
import { guardRoute, type GuardedRoute } from '../guards/guard-route.js';
import { RoutingRecorder } from './routing-recorder.js';
import { checkSafety } from '../guards/safety-guard.js';
import type {
  EmbedRequest,
  EmbedResult,
  GenerateRequest,
  GenerateResult,
  RoutedStream,
  RouteReport,
} from './request-types.js';
import { runCascade, type CascadeRequest, type CascadeSuccess } from './run-cascade.js';
import { openUntilFirstToken, relayCommittedStream, type OpenedStream } from './stream-session.js';
import type { ReplicaRanker } from './replica-ranker.js';

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

/** One request, prepared: its route, cascade and bookkeeping. */
interface PreparedRequest {
  recorder: RoutingRecorder;
  steps: CascadeStep[];
  cascade: CascadeRequest;
  messages: ChatMessage[];
  /** Prefix blocks and session for replica choice (chat under the prefix-aware policy). */
  affinity: AffinityKey | undefined;
  /** Set when the request could not be routed at all (bad task type, no prompt, no chain, a guard's refusal). */
  failure: BiopipeError | undefined;
  /** Turns "nothing local could serve it" into the guard's own error when a guard narrowed the cascade. */
  refuse: GuardedRoute['refuse'];
  /** Stops the total-deadline timer and detaches from the caller's signal. */
  release: () => void;
}

function toMessages(request: GenerateRequest): ChatMessage[] {
  if (request.messages !== undefined && request.messages.length > 0) return [...request.messages];
  if (request.prompt === undefined || request.prompt === '')
    throw new UsageError(
      'The request has neither messages nor a prompt.',
      'Pass `prompt` or a non-empty `messages` list.',
    );
  return [
    ...(request.system === undefined ? [] : [{ role: 'system' as const, content: request.system }]),
    { role: 'user', content: request.prompt },
  ];
}

/** What a complexity step scores: the user's turns (not the system prompt, which is the caller's template). */
export function userText(messages: readonly ChatMessage[]): string {
  return messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
}

/**
 * One strategy's cascade: the route target's local replicas first (via ReplicaRanker); then, only if
 * the profile allows the cloud, the cloud chain in order. With `allow_cloud: false` the CloudChain is
 * never constructed, so no cloud provider can exist. Every request yields exactly one RoutingMetric.
 */
export class CascadingProviderRouter {
  readonly config: StrategyConfig;
  private readonly cloud: CloudChain | undefined;
  private readonly secrets: readonly string[];

  constructor(private readonly options: CascadingProviderRouterOptions) {
    this.config = options.config;
    this.cloud = options.config.allowCloud
      ? new CloudChain(options.config, options.env, options.createCloudProvider)
      : undefined;
    this.secrets = Object.values(options.config.cloudCatalogue)
      .map((model) => options.env[model.api_key_env])
      .filter((value): value is string => value !== undefined && value !== '');
  }

  /** Readies what the first request would otherwise wait for: the semantic signal's banks (`off` without one). */
  warmUp(waitMs: number): Promise<'ready' | 'failed' | 'pending' | 'off'> {
    return this.options.semantic?.warm(waitMs) ?? Promise.resolve('off');
  }

  /** The ledger budgets are checked against, when the profile has a budget. */
  get spendLedger(): SpendLedger | undefined {
    return this.options.spendLedger;
  }

  /** Milliseconds since the epoch, from the injected clock. */
  now(): number {
    return this.options.clock.now();
  }

  /** The candidates of one cascade step, best first (local: throws LocalModelUnavailableError when none is eligible). */
  listCandidates(step: CascadeStep, affinity?: AffinityKey): CandidateList {
    if (step.kind === 'local') return this.options.local.select(step.target, affinity);
    // A PHI-safe plan has no cloud step; this guard keeps it true even if a plan were built wrongly.
    if (this.cloud === undefined)
      return {
        candidates: [],
        skipped: [
          {
            target: step.target,
            kind: 'cloud',
            endpoint: null,
            state: 'disallowed',
            reason: 'allow_cloud is false',
            errorClass: 'cloud-disallowed',
          },
        ],
      };
    const entry = this.cloud.candidate(step.target);
    return isCandidate(entry) ? { candidates: [entry], skipped: [] } : { candidates: [], skipped: [entry] };
  }

  /** The context size of every candidate of a planned cascade (undefined where unknown); no call made. */
  private contextsOf(steps: readonly CascadeStep[]): (number | undefined)[] {
    return steps.flatMap((step) => {
      if (step.kind === 'local') return this.options.local.contextSizes(step.target);
      // Read from the catalogue: no cloud provider is built for a request that may never need one.
      const model = this.cloud === undefined ? undefined : this.config.cloudCatalogue[step.target];
      const key = model === undefined ? undefined : this.options.env[model.api_key_env];
      return model === undefined || key === undefined || key === '' ? [] : [model.max_model_len];
    });
  }

  /** Every candidate of a planned cascade as seen now; no claim taken, no call made. */
  describe(steps: readonly CascadeStep[], affinity?: AffinityKey): RoutingCandidate[] {
    return describeCandidates({ steps, local: this.options.local, cloud: this.cloud, config: this.config, affinity });
  }

  /**
   * The semantic signal for a chat request of a task under complexity routing, when the profile
   * turns it on; waits at most its `timeout_ms` and never fails (a bad request fails in `prepare`).
   */
  async readSemantic(request: GenerateRequest): Promise<SemanticReading | undefined> {
    const semantic = this.options.semantic;
    if (semantic === undefined || this.config.profile.complexity_routing?.tasks[request.task_type] === undefined)
      return undefined;
    let text: string;
    try {
      text = userText(toMessages(request));
    } catch {
      return undefined;
    }
    return semantic.read(text, { signal: request.signal, requestId: request.request_id ?? randomUUID() });
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const semantic = await this.readSemantic(request);
    const prepared = this.prepare({ ...request, semantic }, 'chat', () => toMessages(request), false);
    try {
      if (prepared.failure !== undefined) throw prepared.failure;
      await this.guardSafety(prepared);
      const chatRequest = this.chatRequest(request, prepared.messages);
      const served = await runCascade({
        ...this.cascadeOptions(prepared),
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
      throw this.fail(prepared, error);
    } finally {
      prepared.release();
    }
  }

  stream(request: GenerateRequest): RoutedStream {
    let resolveRoute: (report: RouteReport) => void = () => undefined;
    const route = new Promise<RouteReport>((resolve) => (resolveRoute = resolve));
    const parts = this.streamParts(request, resolveRoute);
    return { route, [Symbol.asyncIterator]: () => parts };
  }

  async embed(request: EmbedRequest): Promise<EmbedResult> {
    const inputs = typeof request.input === 'string' ? [request.input] : [...request.input];
    const toInputs = (): ChatMessage[] => {
      if (inputs.length === 0) throw new UsageError('Nothing to embed.', 'Give at least one text.');
      return inputs.map((content) => ({ role: 'user', content }));
    };
    const prepared = this.prepare(
      { task_type: request.task_type ?? 'embeddings', signal: request.signal, request_id: request.request_id },
      'embeddings',
      toInputs,
      false,
    );
    try {
      if (prepared.failure !== undefined) throw prepared.failure;
      const served = await runCascade({
        ...this.cascadeOptions(prepared),
        attempt: (candidate, call) => candidate.provider.embed(inputs, call),
      });
      served.candidate.settle('success');
      const result = served.value;
      const route = prepared.recorder.finish({ served, usage: result.usage, error: undefined });
      return {
        vectors: result.vectors,
        model: result.model,
        dimensions: result.dimensions,
        usage: result.usage,
        route,
      };
    } catch (error) {
      throw this.fail(prepared, error);
    } finally {
      prepared.release();
    }
  }

  private async *streamParts(
    request: GenerateRequest,
    resolveRoute: (report: RouteReport) => void,
  ): AsyncGenerator<StreamPart> {
    const semantic = await this.readSemantic(request);
    const prepared = this.prepare({ ...request, semantic }, 'chat', () => toMessages(request), true);
    let served: CascadeSuccess<OpenedStream>;
    try {
      if (prepared.failure !== undefined) throw prepared.failure;
      await this.guardSafety(prepared);
      const chatRequest = this.chatRequest(request, prepared.messages);
      served = await runCascade({
        ...this.cascadeOptions(prepared),
        attempt: (candidate, call) => openUntilFirstToken(candidate.provider.streamChat(chatRequest, call)),
      });
    } catch (error) {
      const failure = this.fail(prepared, error);
      prepared.release();
      resolveRoute(prepared.recorder.finish({ served: undefined, usage: undefined, error: failure }));
      yield { type: 'error', error: failure };
      return;
    }
    const { recorder } = prepared;
    recorder.markFirstToken();
    const release = prepared.release;
    yield* relayCommittedStream(
      served,
      { target: recorder.target },
      (ending: { usage: TokenUsage | undefined; error: BiopipeError | undefined; outputChars: number }) => {
        release();
        resolveRoute(
          recorder.finish({ served, usage: ending.usage, error: ending.error, outputChars: ending.outputChars }),
        );
      },
    );
  }

  /**
   * The safety guard, when the profile has one: the guard role (local, checked at load) judges the
   * conversation before any model sees it. Throws the refusal (blocked, or the guard unavailable and
   * failing closed); the verdict is recorded either way.
   */
  private async guardSafety(prepared: PreparedRequest): Promise<void> {
    const settings = this.config.profile.safety_guard;
    if (settings === undefined) return;
    const { cascade } = prepared;
    const check = await checkSafety({
      settings,
      messages: prepared.messages,
      logger: this.options.logger,
      requestId: cascade.requestId,
      classify: async (prompt) => {
        const served = await runCascade({
          config: this.config,
          steps: [{ kind: 'local', target: settings.role }],
          listCandidates: (step) => this.listCandidates(step),
          // The guard's calls are its own: they neither count against nor show in the request's attempts.
          request: {
            requestId: cascade.requestId,
            signal: cascade.signal,
            deadlineAt: Math.min(cascade.deadlineAt, this.options.clock.now() + settings.timeout_ms),
            attempts: [],
          },
          clock: this.options.clock,
          attempt: (candidate, call) =>
            candidate.provider.chat(
              { messages: [{ role: 'user', content: prompt }], maxTokens: 16, temperature: 0 },
              call,
            ),
        });
        served.candidate.settle('success');
        return served.value.text;
      },
    });
    prepared.recorder.setSafety(check.report);
    if (check.failure !== undefined) throw check.failure;
  }

  private chatRequest(request: GenerateRequest, messages: ChatMessage[]): ChatRequest {
    return { messages, maxTokens: request.max_tokens, temperature: request.temperature, stop: request.stop };
  }

  private cascadeOptions(prepared: PreparedRequest): {
    config: StrategyConfig;
    steps: CascadeStep[];
    listCandidates: (step: CascadeStep) => CandidateList;
    request: CascadeRequest;
    clock: Clock;
  } {
    return {
      config: this.config,
      steps: prepared.steps,
      listCandidates: (step) => this.listCandidates(step, prepared.affinity),
      request: prepared.cascade,
      clock: this.options.clock,
    };
  }

  /**
   * Decides the route, plans the cascade and starts the bookkeeping; the total deadline starts here.
   * Never throws: a request that cannot even be routed comes back with `failure` set, so it is still
   * recorded as one metric.
   */
  private prepare(
    request: Pick<GenerateRequest, 'task_type' | 'signal' | 'request_id' | 'session' | 'max_tokens' | 'template'> & {
      semantic?: SemanticReading | undefined;
    },
    operation: CascadeOperation,
    readMessages: () => ChatMessage[],
    stream: boolean,
  ): PreparedRequest {
    const { clock, logger, metricsSink } = this.options;
    const config = this.config;
    const requestId = request.request_id ?? randomUUID();
    let messages: ChatMessage[] = [];
    let steps: CascadeStep[] = [];
    let target = '?';
    let complexityScore: number | null = null;
    let complexity: ComplexityVerdict | undefined;
    let variant: VariantAssignment | undefined;
    let queryLength = 0;
    let failure: BiopipeError | undefined;
    let affinity: AffinityKey | undefined;
    let guarded: GuardedRoute | undefined;
    try {
      messages = readMessages();
      // Templates are applied before the route and replica choice (DESIGN.md, "Round 2").
      if (operation === 'chat')
        messages = withContextTemplate({
          config,
          taskType: request.task_type,
          requested: request.template,
          messages,
          lookup: this.options.templates,
        });
      queryLength = messages.reduce((total, message) => total + message.content.length, 0);
      const prompt = this.options.complexityStep === undefined ? undefined : userText(messages);
      const split = { session: request.session, requestId };
      const decision = decideRoute(
        config,
        request.task_type,
        { queryLength, prompt, semantic: request.semantic, split },
        this.options.complexityStep,
      );
      target = decision.target.kind === 'role' ? decision.target.role : 'cloud';
      variant = decision.variant;
      complexityScore = decision.complexityScore;
      complexity = decision.complexity;
      guarded = guardRoute({
        config,
        operation,
        steps: planCascade(config, decision.target, operation),
        texts: messages.map((message) => message.content),
        spendLedger: this.options.spendLedger,
        now: new Date(clock.now()),
      });
      steps = guarded.steps;
      failure = guarded.failure;
      if (guarded.report.narrowedBy !== undefined && steps[0] !== undefined) target = steps[0].target;
      const first = steps[0];
      if (operation === 'chat' && first?.kind === 'local')
        affinity = createAffinityKey({ config, role: first.target, messages, session: request.session });
      if (operation === 'chat' && failure === undefined)
        failure = checkRequestFits({ contexts: this.contextsOf(steps), maxTokens: request.max_tokens, messages });
    } catch (error) {
      failure = normalizeError(error);
    }
    const recorder = new RoutingRecorder({
      config,
      requestId,
      taskType: request.task_type,
      target,
      queryLength,
      stream,
      complexityScore,
      guards: guarded?.report,
      spendLedger: this.options.spendLedger,
      clock,
      complexity,
      variant,
      sink: metricsSink,
      logger,
      redaction: { secrets: this.secrets, messages },
      describeCandidates: () => this.describe(steps, affinity),
    });
    const totalMs = config.profile.timeouts.total_ms;
    const { cancellation, unlink } = Cancellation.linkedTo(request.signal);
    const timer = setTimeout(
      () => cancellation.abort(new RequestTimeoutError(totalMs, [...recorder.attempts])),
      totalMs,
    );
    return {
      recorder,
      steps,
      messages,
      affinity,
      failure,
      refuse: guarded?.refuse,
      cascade: {
        requestId,
        signal: cancellation,
        deadlineAt: clock.now() + totalMs,
        attempts: recorder.attempts,
        // A candidate whose known context is below this could only answer 400: it is skipped, not called.
        minimumTokens: operation === 'chat' ? (request.max_tokens ?? 0) + minimumPromptTokens(messages) : undefined,
      },
      release: () => {
        clearTimeout(timer);
        unlink();
      },
    };
  }

  private fail(prepared: PreparedRequest, thrown: unknown): BiopipeError {
    let error = normalizeError(thrown);
    // A guard removed the cloud, so "the local role failed" means "held on the cluster" for this request.
    if (
      prepared.refuse !== undefined &&
      (error instanceof LocalModelUnavailableError ||
        error instanceof CloudDisallowedError ||
        error instanceof CascadeExhaustedError)
    )
      error = prepared.refuse(
        `the local role could not serve it (${prepared.steps.map((step) => step.target).join(', ')}: ${error.attempts.map((attempt) => attempt.error_class ?? attempt.outcome).join(', ') || 'no replica'})`,
        error.attempts,
      );
    prepared.recorder.finish({ served: undefined, usage: undefined, error });
    return error;
  }
}
