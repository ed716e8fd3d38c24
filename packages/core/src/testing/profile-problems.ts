import { ConfigValidationError } from '../config-errors.js';
import { StrategyConfig } from '../strategy-config.js';

/** The validation error a profile text must raise (as `profile.yaml`); throws when the profile loads. */
export function profileProblems(text: string): ConfigValidationError {
  try {
    StrategyConfig.fromString(text, 'profile.yaml');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('the profile loaded, but it should not');
}
