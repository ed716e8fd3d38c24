import {
  ContentPolicyViolationError,
  SafetyGuardUnavailableError,
  normalizeError,
  type BiopipeError,
  type Logger,
  type SafetyGuardSettings,
} from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';
import { formatLlamaGuardPrompt, parseLlamaGuardAnswer } from './llama-guard-format.js';

/** What the safety guard decided, as recorded (categories, never the text). */
export interface SafetyReport {
  verdict: 'safe' | 'unsafe' | 'unavailable';
  categories: string[];
  /** What was done: `block`ed, `flag`ged and served, served unguarded (`fail_open`), refused (`fail_closed`), or `none` (safe). */
  action: 'block' | 'flag' | 'fail_open' | 'fail_closed' | 'none';
}

export interface SafetyCheck {
  report: SafetyReport;
  /** Set when the request must not be served. */
  failure: BiopipeError | undefined;
}

/**
 * Step 1's safety guard (DESIGN.md, Round 2): asks the guard role (through `classify`, which calls
 * only that local role) to judge the conversation in Llama Guard 3's format, then applies the
 * profile's action. An answer that does not parse, a failed call or a timeout is "unavailable": the
 * profile's `on_unavailable` decides, and fail_closed is the default.
 */
export async function checkSafety(options: {
  settings: SafetyGuardSettings;
  messages: readonly ChatMessage[];
  classify: (prompt: string) => Promise<string>;
  logger: Logger;
  requestId: string;
}): Promise<SafetyCheck> {
  const { settings } = options;
  let reason: string;
  try {
    const answer = await options.classify(formatLlamaGuardPrompt(options.messages));
    const verdict = parseLlamaGuardAnswer(answer);
    if (verdict?.verdict === 'safe')
      return { report: { verdict: 'safe', categories: [], action: 'none' }, failure: undefined };
    if (verdict?.verdict === 'unsafe') {
      const report: SafetyReport = { verdict: 'unsafe', categories: verdict.categories, action: settings.action };
      if (settings.action === 'block') return { report, failure: new ContentPolicyViolationError(verdict.categories) };
      options.logger.warn('safety guard flagged the prompt; served (safety_guard.action: flag)', {
        request_id: options.requestId,
        categories: verdict.categories.join(','),
      });
      return { report, failure: undefined };
    }
    reason = 'its answer is not in Llama Guard format';
  } catch (error) {
    reason = `${normalizeError(error).code} calling it`;
  }
  if (settings.on_unavailable === 'fail_open') {
    options.logger.warn('safety guard unavailable; served unguarded (safety_guard.on_unavailable: fail_open)', {
      request_id: options.requestId,
      role: settings.role,
      reason,
    });
    return { report: { verdict: 'unavailable', categories: [], action: 'fail_open' }, failure: undefined };
  }
  return {
    report: { verdict: 'unavailable', categories: [], action: 'fail_closed' },
    failure: new SafetyGuardUnavailableError(settings.role, reason),
  };
}
