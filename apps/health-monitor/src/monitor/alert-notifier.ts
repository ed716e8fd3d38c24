import type { Logger } from '@biopipe/core';
import type { Alert } from './role-observation.js';

export interface AlertNotifierOptions {
  logger: Logger;
  /** Slack-compatible incoming webhook; it holds a secret, so it is never logged. */
  webhookUrl?: string;
  /** Log alerts but post nothing (`--dry-run`). @default false */
  dryRun?: boolean;
  /** @default 5000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Sends each alert to the log and, when configured, POSTs `{"text": ...}` to the webhook. Never throws. */
export class AlertNotifier {
  private readonly options: AlertNotifierOptions;

  constructor(options: AlertNotifierOptions) {
    this.options = options;
  }

  async notify(alert: Alert): Promise<void> {
    const { logger, webhookUrl, dryRun = false } = this.options;
    const fields = { event: 'alert', alert: alert.kind, role: alert.role, dry_run: dryRun };
    if (alert.kind === 'recovered' || alert.kind === 'slurm-reachable') logger.info(alert.message, fields);
    else logger.warn(alert.message, fields);
    if (webhookUrl === undefined || dryRun) return;
    try {
      const response = await (this.options.fetch ?? fetch)(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `[biopipe fleet] ${alert.message}` }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      await response.arrayBuffer();
      if (!response.ok)
        logger.error('the alert webhook refused the alert', {
          role: alert.role,
          alert: alert.kind,
          status: response.status,
        });
    } catch (error) {
      logger.error('could not post the alert to the webhook', {
        role: alert.role,
        alert: alert.kind,
        reason: (error as Error).name,
      });
    }
  }
}
