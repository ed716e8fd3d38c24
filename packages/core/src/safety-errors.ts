import { BiopipeError } from './errors.js';

/**
 * The safety guard classified the prompt unsafe and the profile blocks such prompts: exit 1, HTTP 400
 * `content_policy_violation`. Carries the Llama Guard categories (e.g. S9), never the text.
 */
export class ContentPolicyViolationError extends BiopipeError {
  readonly categories: readonly string[];
  constructor(categories: readonly string[]) {
    super(
      'content_policy_violation',
      `refused by the safety guard: the prompt falls under ${categories.join(', ')} (Llama Guard 3 hazard categories).`,
      { hint: 'Rephrase the request; the profile blocks prompts its safety guard classifies as unsafe.' },
    );
    this.categories = categories;
  }
}

/**
 * The safety guard could not classify the prompt (its role down, or an answer that is not Llama
 * Guard's format) and the profile fails closed: exit 3 / HTTP 503, like any request with no backend.
 */
export class SafetyGuardUnavailableError extends BiopipeError {
  constructor(role: string, reason: string) {
    super('no_backend_available', `refused: the safety guard (role ${role}) is unavailable: ${reason}.`, {
      hint: `Bring the ${role} role back (\`biopipe status\`), or set safety_guard.on_unavailable: fail_open in the profile to serve unguarded with a warning.`,
    });
  }
}
