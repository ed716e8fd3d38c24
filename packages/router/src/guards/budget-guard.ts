import {
  BiopipeError,
  ConfigFileUnreadableError,
  type BudgetSettings,
  type SpendLedger,
  type SpendTotals,
} from '@biopipe/core';

/** Where spend stands against the profile's budget. */
export interface BudgetStatus {
  /** `warn` from `warn_at` of a limit; `exceeded` once a limit is reached, or when the ledger cannot be read. */
  state: 'ok' | 'warn' | 'exceeded';
  day: string;
  /** Null when the ledger cannot be read: the spend is unknown, never taken as zero. */
  dayUsd: number | null;
  dailyUsd: number | null;
  month: string;
  /** Null when the ledger cannot be read. */
  monthUsd: number | null;
  monthlyUsd: number | null;
  onExceeded: BudgetSettings['on_exceeded'];
  /** Set when the ledger cannot be read (`cannot read FILE (reason)`); the budget then counts as exceeded. */
  unreadable?: string;
  /** How to get a readable ledger back, with what that costs; set with `unreadable`. */
  hint?: string;
}

const usd = (value: number): string => `$${value.toFixed(value < 1 ? 4 : 2)}`;

/** Spend against the limits: `exceeded` when either limit is reached, `warn` past `warn_at` of either. */
export function assessBudget(budget: BudgetSettings, totals: SpendTotals): BudgetStatus {
  const ratios = [
    budget.daily_usd === undefined ? 0 : totals.dayUsd / budget.daily_usd,
    budget.monthly_usd === undefined ? 0 : totals.monthUsd / budget.monthly_usd,
  ];
  const highest = Math.max(...ratios);
  return {
    state: highest >= 1 ? 'exceeded' : highest >= budget.warn_at ? 'warn' : 'ok',
    day: totals.day,
    dayUsd: totals.dayUsd,
    dailyUsd: budget.daily_usd ?? null,
    month: totals.month,
    monthUsd: totals.monthUsd,
    monthlyUsd: budget.monthly_usd ?? null,
    onExceeded: budget.on_exceeded,
  };
}

/**
 * Reads the ledger and assesses the budget. A ledger that cannot be read counts as an exceeded budget
 * whose spend is unknown: the cloud closes as `on_exceeded` says, local work goes on. Never throws.
 */
export function readBudget(budget: BudgetSettings, ledger: SpendLedger, now: Date): BudgetStatus {
  try {
    return assessBudget(budget, ledger.read(now));
  } catch (error) {
    const unreadable =
      error instanceof ConfigFileUnreadableError
        ? `cannot read ${error.file} (${error.reason})`
        : `cannot read the cloud spend ledger (${error instanceof Error ? error.message : String(error)})`;
    const hint = BiopipeError.isInstance(error) ? error.hint : undefined;
    const day = now.toISOString().slice(0, 10);
    return {
      state: 'exceeded',
      day,
      dayUsd: null,
      dailyUsd: budget.daily_usd ?? null,
      month: day.slice(0, 7),
      monthUsd: null,
      monthlyUsd: budget.monthly_usd ?? null,
      onExceeded: budget.on_exceeded,
      unreadable,
      ...(hint === undefined ? {} : { hint }),
    };
  }
}

const spendOf = (spent: number | null, limit: number | null, period: string): string =>
  `${spent === null ? 'unknown' : usd(spent)}${limit === null ? '' : ` of ${usd(limit)}`} ${period}`;

/** "$1.02 of $1.00 today, $3.10 of $50.00 this month", or "spend unknown: cannot read FILE (reason)". */
export function describeSpend(status: BudgetStatus): string {
  if (status.unreadable !== undefined) return `spend unknown: ${status.unreadable}`;
  return [
    spendOf(status.dayUsd, status.dailyUsd, 'today'),
    spendOf(status.monthUsd, status.monthlyUsd, 'this month'),
  ].join(', ');
}
