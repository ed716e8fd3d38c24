import path from 'node:path';
import { stateDir, type Environment, type Logger, type SpendLedger, type StrategyConfig } from '@biopipe/core';
import { createFileSpendLedger } from '@biopipe/metrics';
import { readBudget, type BudgetStatus } from '@biopipe/router';

/** The ledger file: the profile's `budget.ledger_path`, else `<state dir>/cloud-spend.json` (one per machine and user). */
export function spendLedgerPath(config: StrategyConfig, env: Environment): string {
  return config.profile.budget?.ledger_path ?? path.join(stateDir(env), 'cloud-spend.json');
}

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The cloud-spend ledger every biopipe process of the machine adds to; its problems go to `logger`. */
export function openSpendLedger(config: StrategyConfig, env: Environment, logger: Logger): SpendLedger {
  return createFileSpendLedger({ file: spendLedgerPath(config, env), logger });
}

/** Spend against the profile's budget now (exceeded with `unreadable` when the ledger cannot be read), or undefined without a budget. */
export function readBudgetStatus(config: StrategyConfig, env: Environment): BudgetStatus | undefined {
  const budget = config.profile.budget;
  if (budget === undefined) return undefined;
  return readBudget(budget, openSpendLedger(config, env, silent), new Date());
}
