import {
  BiopipeError,
  ConfigValidationError,
  UsageError,
  templateHeader,
  type ContextTemplate,
  type StrategyConfig,
} from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';

/** The request value that turns off a template the profile would apply. */
export const NO_TEMPLATE = 'none';

/** Looks a template up by name (the orchestrator's TemplateRegistry). @throws BiopipeError for an unknown name */
export type TemplateLookup = (name: string) => ContextTemplate;

/**
 * Which template a chat request gets: the one it names (`x-biopipe-template`), else the profile's
 * for its task, else `templates."*"`, else none. An OpenAI client that asks for nothing, under a
 * profile that maps nothing, keeps its messages byte for byte.
 */
export function chooseTemplateName(
  config: StrategyConfig,
  taskType: string,
  requested: string | undefined,
): string | undefined {
  if (requested !== undefined && requested !== '') return requested === NO_TEMPLATE ? undefined : requested;
  const templates = config.profile.templates as Record<string, string | undefined>;
  return templates[taskType] ?? templates['*'];
}

/**
 * Puts the template first: its header (name@version) and text open the system message, and the
 * caller's own system text, if any, follows in the same message. Everything shared comes before
 * anything that varies, so replicas' prefix caches hit (ROUTING-RESEARCH.md section 5).
 */
export function applyContextTemplate(messages: readonly ChatMessage[], template: ContextTemplate): ChatMessage[] {
  const text = `${templateHeader(template)}\n${template.system}`;
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${text}\n${first.content}` }, ...rest];
  return [{ role: 'system', content: text }, ...messages];
}

/** The messages with the chosen template applied. @throws UsageError (requested template unknown), BiopipeError */
export function withContextTemplate(options: {
  config: StrategyConfig;
  taskType: string;
  requested: string | undefined;
  messages: ChatMessage[];
  lookup: TemplateLookup | undefined;
}): ChatMessage[] {
  const name = chooseTemplateName(options.config, options.taskType, options.requested);
  if (name === undefined) return options.messages;
  if (options.lookup === undefined)
    throw new UsageError(
      `Context template "${name}" was asked for, but no template registry is set up.`,
      'Pass `templates` to ModelOrchestrator.create.',
    );
  let template: ContextTemplate;
  try {
    template = options.lookup(name);
  } catch (error) {
    // A name the client sent is the client's mistake (400), not a broken configuration.
    const fromRequest = options.requested !== undefined && options.requested !== '';
    const unknownName =
      BiopipeError.isInstance(error) && error.code === 'config_invalid' && !(error instanceof ConfigValidationError);
    if (fromRequest && unknownName) throw new UsageError(error.message, error.hint);
    throw error;
  }
  return applyContextTemplate(options.messages, template);
}
