import path from 'node:path';
import { stateDir, type Environment, type Logger, type SpendLedger, type StrategyConfig } from '@biopipe/core';
import { createFileSpendLedger } from '@biopipe/metrics';
import { assessBudget, type BudgetStatus } from '@biopipe/router';

/** The ledger file: the profile's `budget.ledger_path`, else `<state dir>/cloud-spend.json` (one per machine and user). */
export function spendLedgerPath(config: StrategyConfig, env: Environment): string {
  return config.profile.budget?.ledger_path ?? path.join(stateDir(env), 'cloud-spend.json');
}

/** The cloud-spend ledger every biopipe process of the machine adds to; warnings go to stderr. */
export function openSpendLedger(config: StrategyConfig, env: Environment, warn: (text: string) => void): SpendLedger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => warn(`warning: ${message} (${String(fields?.['file'] ?? '')})`),
    error: (message) => warn(`error: ${message}`),
  };
  return createFileSpendLedger({ file: spendLedgerPath(config, env), logger });
}

/** Spend against the profile's budget now, or undefined when it has none. */
export function readBudgetStatus(config: StrategyConfig, env: Environment): BudgetStatus | undefined {
  const budget = config.profile.budget;
  if (budget === undefined) return undefined;
  return assessBudget(budget, openSpendLedger(config, env, () => undefined).read(new Date()));
}
