import { exitCodeFor } from '@biopipe/core';
import { TASK_TYPES } from '@biopipe/core/constants';
import { redactSecrets } from '@biopipe/core/errors';
import type { ChatBackend, ChatRoute } from './chat-backend.js';
import { describeBudget } from '../commands/route-summary.js';

type ChatMessage = { role: 'user' | 'assistant'; content: string };

/** One line of the transcript. */
export type ChatEntry =
  | { kind: 'user'; text: string }
  | {
      kind: 'assistant';
      text: string;
      route: ChatRoute | undefined;
      error: string | undefined;
      cancelled: boolean;
      done: boolean;
    }
  | { kind: 'info'; text: string }
  | { kind: 'error'; text: string };

export const CHAT_HELP = [
  '/strategy NAME   switch strategy (no NAME: pick one)',
  '/task TYPE       set the task type',
  '/status          fleet health',
  '/help            this list',
  '/quit            leave (or Ctrl-C twice)',
  'Ctrl-C while an answer streams cancels it.',
];

/** What the caller must do after a line was submitted. */
export type SubmitOutcome = 'done' | 'pick-strategy' | 'quit';

/**
 * The chat's state and behaviour, with no terminal code: the transcript, the task type, the answer
 * in progress and its cancellation. The ink view and the plain line mode both drive this.
 */
export class ChatSession {
  readonly entries: ChatEntry[] = [];
  private listeners = new Set<() => void>();
  private current: AbortController | undefined;
  private answered = 0;
  /** Exit code of the last failed answer (cancelled ones are not failures). */
  private lastFailureExitCode: number | undefined;
  taskType: string;

  constructor(
    private readonly backend: ChatBackend,
    options: { taskType: string },
  ) {
    this.taskType = options.taskType;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  get strategy(): { name: string; allowCloud: boolean } {
    return this.backend.strategy();
  }

  strategies(): ReturnType<ChatBackend['strategies']> {
    return this.backend.strategies();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private push(entry: ChatEntry): void {
    // Status lines and errors may quote endpoint URLs or provider messages; answers are shown as they came.
    if (entry.kind === 'info' || entry.kind === 'error') entry.text = redactSecrets(entry.text);
    this.entries.push(entry);
    this.changed();
  }

  /**
   * The exit code a finished session reports: 0 when an answer arrived or nothing was asked; else
   * that of the last failure, so a session where nothing could serve exits 3 as `ask` would.
   */
  exitCode(): number {
    return this.answered > 0 ? 0 : (this.lastFailureExitCode ?? 0);
  }

  /** Cancels the answer in progress; false when there was none. */
  cancel(): boolean {
    if (this.current === undefined) return false;
    this.current.abort();
    return true;
  }

  /** A prompt or a slash command. */
  async submit(line: string): Promise<SubmitOutcome> {
    const text = line.trim();
    if (text === '') return 'done';
    if (text.startsWith('/')) return this.command(text);
    if (this.busy) {
      this.push({ kind: 'error', text: 'An answer is still streaming; wait, or press Ctrl-C to cancel it.' });
      return 'done';
    }
    await this.ask(text);
    return 'done';
  }

  async switchStrategy(name: string): Promise<void> {
    try {
      await this.backend.switchStrategy(name);
      const { allowCloud } = this.backend.strategy();
      this.push({
        kind: 'info',
        text: `strategy is now ${name} (${allowCloud ? 'cloud allowed' : 'PHI-safe: nothing leaves the cluster'})`,
      });
    } catch (error) {
      this.push({ kind: 'error', text: `${(error as Error).message}${hintOf(error)}` });
    }
  }

  private async command(text: string): Promise<SubmitOutcome> {
    const [name, ...rest] = text.slice(1).split(/\s+/);
    const argument = rest.join(' ');
    switch (name) {
      case 'strategy':
        if (argument === '') return 'pick-strategy';
        await this.switchStrategy(argument);
        return 'done';
      case 'task':
        if (!(TASK_TYPES as readonly string[]).includes(argument)) {
          this.push({ kind: 'error', text: `Unknown task type "${argument}". Task types: ${TASK_TYPES.join(', ')}.` });
        } else {
          this.taskType = argument;
          this.push({ kind: 'info', text: `task type is now ${argument}` });
        }
        return 'done';
      case 'status':
        try {
          for (const statusLine of await this.backend.status()) this.push({ kind: 'info', text: statusLine });
        } catch (error) {
          this.push({ kind: 'error', text: (error as Error).message });
        }
        return 'done';
      case 'help':
        for (const helpLine of CHAT_HELP) this.push({ kind: 'info', text: helpLine });
        return 'done';
      case 'quit':
      case 'exit':
        return 'quit';
      default:
        this.push({ kind: 'error', text: `Unknown command /${name ?? ''}. Type /help for the list.` });
        return 'done';
    }
  }

  private async ask(prompt: string): Promise<void> {
    const history: ChatMessage[] = [];
    for (const entry of this.entries) {
      if (entry.kind === 'user') history.push({ role: 'user', content: entry.text });
      // Only complete answers go back to the model; a cut or failed one would mislead it.
      if (entry.kind === 'assistant' && entry.done && entry.error === undefined && !entry.cancelled)
        history.push({ role: 'assistant', content: entry.text });
    }
    this.push({ kind: 'user', text: prompt });
    const answer: Extract<ChatEntry, { kind: 'assistant' }> = {
      kind: 'assistant',
      text: '',
      route: undefined,
      error: undefined,
      cancelled: false,
      done: false,
    };
    this.push(answer);
    const controller = new AbortController();
    this.current = controller;
    const stream = this.backend.stream({
      taskType: this.taskType,
      messages: [...history, { role: 'user', content: prompt }],
      signal: controller.signal,
    });
    try {
      for await (const part of stream) {
        if (part.type === 'text-delta') {
          answer.text += part.text;
          this.changed();
        } else if (part.type === 'error') {
          if (controller.signal.aborted) answer.cancelled = true;
          else {
            answer.error = redactSecrets(
              `${part.error.message}${part.error.hint === undefined ? '' : `\n${part.error.hint}`}`,
            );
            this.lastFailureExitCode = exitCodeFor(part.error.code);
          }
        }
      }
      answer.route = await stream.route.catch(() => undefined);
      if (answer.error === undefined && !answer.cancelled) this.answered += 1;
    } catch (error) {
      if (controller.signal.aborted) answer.cancelled = true;
      else {
        answer.error = redactSecrets((error as Error).message);
        this.lastFailureExitCode = 1;
      }
    } finally {
      answer.done = true;
      this.current = undefined;
      this.changed();
    }
  }
}

function hintOf(error: unknown): string {
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === 'string' ? `\n${hint}` : '';
}

/** One line describing how an answer was served. */
export function describeRoute(route: ChatRoute): string {
  const model = route.model ?? 'unknown model';
  const where = route.cloud ? 'cloud' : route.target;
  const first = route.ttft_ms === null ? '' : `, first token ${Math.round(route.ttft_ms)} ms`;
  const budget = describeBudget(route.budget);
  return `via ${where} · ${model} · fallback depth ${route.fallback_depth} · ${Math.round(route.latency_ms)} ms${first}${budget === undefined ? '' : ` · budget ${budget}`}`;
}
