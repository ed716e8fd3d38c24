/** Cloud spend in the UTC day and the UTC calendar month of a moment, in US dollars. */
export interface SpendTotals {
  /** YYYY-MM-DD (UTC). */
  day: string;
  dayUsd: number;
  /** YYYY-MM (UTC). */
  month: string;
  monthUsd: number;
}

/**
 * Where the cloud spend of every biopipe process on the machine adds up, for budgets. The metrics
 * package implements it over a small lock-protected file; the router only reads and adds.
 */
export interface SpendLedger {
  /**
   * Spend so far in the day and month of `now`; small and synchronous, as it runs before every route.
   * @throws BiopipeError when the ledger cannot be read: its spend is never taken as zero, which
   * would lift the budget
   */
  read(now: Date): SpendTotals;
  /**
   * Adds one request's cost. Synchronous, so a command that exits right after its request still
   * counts it; never throws (a failed write is logged: the request has already been served).
   */
  add(costUsd: number, now: Date): void;
}
