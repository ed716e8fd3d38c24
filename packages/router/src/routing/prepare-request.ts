import { randomUUID } from 'node:crypto';
import {
  CascadeExhaustedError,
  CloudDisallowedError,
  LocalModelUnavailableError,
  RequestTimeoutError,
  normalizeError,
  type BiopipeError,
} from '@biopipe/core';
import type { SemanticReading } from '../complexity/semantic-signal.js';
import type { ChatMessage } from '../providers/provider.js';
import { createAffinityKey } from '../replica-choice/affinity-key.js';
import type { AffinityKey } from '../replica-choice/affinity-store.js';
import { Cancellation } from '../resilience/cancellation.js';
import { withContextTemplate } from './apply-context-template.js';
import { candidateContexts, describeCandidates, listCandidates } from './cascade-candidates.js';
import type { CascadeOperation } from './cascade-plan.js';
import { checkRequestFits, minimumPromptTokens } from './check-request-fits.js';
import { planRoute, type PlannedRoute } from './plan-route.js';
import type { GenerateRequest } from './request-types.js';
import type { RouterParts } from './router-parts.js';
import { userText } from './request-messages.js';
import { RoutingRecorder } from './routing-recorder.js';
import type { RunCascadeOptions } from './run-cascade.js';

/** What a request is routed by (the rest of it goes to the provider as it is). */
export type RoutedFields = Pick<
  GenerateRequest,
  'task_type' | 'signal' | 'request_id' | 'session' | 'max_tokens' | 'template'
> & { semantic?: SemanticReading | undefined };

/** One request, prepared: its route, its cascade and its bookkeeping. */
export interface PreparedRequest {
  recorder: RoutingRecorder;
  /** The messages as the providers get them (with the context template, when one applies). */
  messages: ChatMessage[];
  /** Everything `runCascade` needs but the attempt itself. */
  cascade: Omit<RunCascadeOptions<unknown>, 'attempt'>;
  /** Set when the request could not be routed at all (bad task type, no prompt, no chain, a guard's refusal). */
  failure: BiopipeError | undefined;
  /** Turns "nothing local could serve it" into the guard's own error when a guard narrowed the cascade. */
  refuse: PlannedRoute['refuse'];
  /** Stops the total-deadline timer and detaches from the caller's signal. */
  release: () => void;
}

/**
 * Routes a request as far as it goes without calling a model: its messages and context template
 * (applied before any replica is chosen, so prefix caches hit), the route (`planRoute`: target, plan,
 * guards), the replica choice's affinity key, the context-size check; then starts its recorder and its
 * total deadline. Never throws: a request that cannot even be routed comes back with `failure` set,
 * so it is still recorded as one metric.
 */
export function prepareRequest(
  parts: RouterParts,
  request: RoutedFields,
  operation: CascadeOperation,
  readMessages: () => ChatMessage[],
  stream: boolean,
): PreparedRequest {
  const { config, clock } = parts;
  const requestId = request.request_id ?? randomUUID();
  let messages: ChatMessage[] = [];
  let queryLength = 0;
  let route: PlannedRoute | undefined;
  let failure: BiopipeError | undefined;
  let affinity: AffinityKey | undefined;
  try {
    messages = readMessages();
    if (operation === 'chat')
      messages = withContextTemplate({
        config,
        taskType: request.task_type,
        requested: request.template,
        messages,
        lookup: parts.templates,
      });
    queryLength = messages.reduce((total, message) => total + message.content.length, 0);
    route = planRoute({
      config,
      taskType: request.task_type,
      operation,
      facts: {
        queryLength,
        prompt: parts.complexityStep === undefined ? undefined : userText(messages),
        semantic: request.semantic,
        split: { session: request.session, requestId },
      },
      complexityStep: parts.complexityStep,
      texts: messages.map((message) => message.content),
      spendLedger: parts.spendLedger,
      now: new Date(clock.now()),
    });
    failure = route.failure;
    const first = route.steps[0];
    if (operation === 'chat' && first?.kind === 'local')
      affinity = createAffinityKey({ config, role: first.target, messages, session: request.session });
    if (operation === 'chat' && failure === undefined)
      failure = checkRequestFits({
        contexts: candidateContexts(parts, route.steps),
        maxTokens: request.max_tokens,
        messages,
      });
  } catch (error) {
    failure = normalizeError(error);
  }
  const steps = route?.steps ?? [];
  const recorder = new RoutingRecorder({
    config,
    requestId,
    taskType: request.task_type,
    target: route?.target ?? '?',
    queryLength,
    stream,
    complexityScore: route?.decision.complexityScore ?? null,
    guards: route?.report,
    spendLedger: parts.spendLedger,
    clock,
    complexity: route?.decision.complexity,
    variant: route?.decision.variant,
    sink: parts.metricsSink,
    logger: parts.logger,
    redaction: { secrets: parts.secrets, messages },
    describeCandidates: () => describeCandidates(parts, steps, affinity),
  });
  const totalMs = config.profile.timeouts.total_ms;
  const { cancellation, unlink } = Cancellation.linkedTo(request.signal);
  const timer = setTimeout(() => cancellation.abort(new RequestTimeoutError(totalMs, [...recorder.attempts])), totalMs);
  return {
    recorder,
    messages,
    failure,
    refuse: route?.refuse,
    cascade: {
      config,
      steps,
      listCandidates: (step) => listCandidates(parts, step, affinity),
      clock,
      request: {
        requestId,
        signal: cancellation,
        deadlineAt: clock.now() + totalMs,
        attempts: recorder.attempts,
        // A candidate whose known context is below this could only answer 400: it is skipped, not called.
        minimumTokens: operation === 'chat' ? (request.max_tokens ?? 0) + minimumPromptTokens(messages) : undefined,
      },
    },
    release: () => {
      clearTimeout(timer);
      unlink();
    },
  };
}

/**
 * The error a failed request ends with, recorded: a guard that removed the cloud turns "the local role
 * failed" into "held on the cluster" for this request.
 */
export function failRequest(prepared: PreparedRequest, thrown: unknown): BiopipeError {
  let error = normalizeError(thrown);
  if (
    prepared.refuse !== undefined &&
    (error instanceof LocalModelUnavailableError ||
      error instanceof CloudDisallowedError ||
      error instanceof CascadeExhaustedError)
  )
    error = prepared.refuse(
      `the local role could not serve it (${prepared.cascade.steps.map((step) => step.target).join(', ')}: ${error.attempts.map((attempt) => attempt.error_class ?? attempt.outcome).join(', ') || 'no replica'})`,
      error.attempts,
    );
  prepared.recorder.finish({ served: undefined, usage: undefined, error });
  return error;
}
