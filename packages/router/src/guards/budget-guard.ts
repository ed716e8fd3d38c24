import type { BudgetSettings, SpendTotals } from '@biopipe/core';

/** Where spend stands against the profile's budget. */
export interface BudgetStatus {
  /** `warn` from `warn_at` of a limit; `exceeded` once a limit is reached. */
  state: 'ok' | 'warn' | 'exceeded';
  day: string;
  dayUsd: number;
  dailyUsd: number | null;
  month: string;
  monthUsd: number;
  monthlyUsd: number | null;
  onExceeded: BudgetSettings['on_exceeded'];
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

/** "$1.02 of $1.00 today, $3.10 of $50.00 this month": never more than the figures. */
export function describeSpend(status: BudgetStatus): string {
  const parts = [
    `${usd(status.dayUsd)}${status.dailyUsd === null ? '' : ` of ${usd(status.dailyUsd)}`} today`,
    `${usd(status.monthUsd)}${status.monthlyUsd === null ? '' : ` of ${usd(status.monthlyUsd)}`} this month`,
  ];
  return parts.join(', ');
}
