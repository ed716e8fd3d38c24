import { checkSafety } from '../guards/safety-guard.js';
import { listCandidates } from './cascade-candidates.js';
import type { PreparedRequest } from './prepare-request.js';
import type { RouterParts } from './router-parts.js';
import { runCascade } from './run-cascade.js';

/**
 * Step 1's safety guard, when the profile has one: the guard role (local, checked at load) judges the
 * conversation before any model sees it, through a cascade of that role alone. Throws the refusal
 * (blocked, or the guard unavailable and failing closed); the verdict is recorded either way.
 */
export async function runSafetyGuard(
  parts: Pick<RouterParts, 'config' | 'clock' | 'logger' | 'local' | 'cloud'>,
  prepared: PreparedRequest,
): Promise<void> {
  const { config, clock } = parts;
  const settings = config.profile.safety_guard;
  if (settings === undefined) return;
  const { request } = prepared.cascade;
  const check = await checkSafety({
    settings,
    messages: prepared.messages,
    logger: parts.logger,
    requestId: request.requestId,
    classify: async (prompt) => {
      const served = await runCascade({
        config,
        steps: [{ kind: 'local', target: settings.role }],
        listCandidates: (step) => listCandidates(parts, step),
        // The guard's calls are its own: they neither count against nor show in the request's attempts.
        request: {
          requestId: request.requestId,
          signal: request.signal,
          deadlineAt: Math.min(request.deadlineAt, clock.now() + settings.timeout_ms),
          attempts: [],
        },
        clock,
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
