/**
 * Pure rules of the statistics pages: distributions from grouped counts (never from one row per
 * application), shares, and the minimum-count rule. Table-tested in statistics.rules.test.ts.
 */

/** Below this many cases a median, a 90th percentile or an on-time rate is not shown (too few to mean much). */
export const MIN_COUNT = 10;

/** A value observed `count` times (e.g. "answered in 7 working days": 12 applications). */
export interface WeightedValue {
  value: number;
  count: number;
}

function sorted(values: readonly WeightedValue[]): WeightedValue[] {
  return values.filter((v) => v.count > 0).sort((a, b) => a.value - b.value);
}

/** The value at 1-based rank `rank` of the sorted observations. */
function valueAtRank(values: readonly WeightedValue[], rank: number): number {
  let seen = 0;
  for (const v of values) {
    seen += v.count;
    if (seen >= rank) return v.value;
  }
  return values[values.length - 1]!.value;
}

export function totalCount(values: readonly WeightedValue[]): number {
  return values.reduce((n, v) => n + v.count, 0);
}

/** The median: the middle value, or the mean of the two middle values when the count is even. */
export function median(values: readonly WeightedValue[]): number | null {
  const s = sorted(values);
  const n = totalCount(s);
  if (n === 0) return null;
  if (n % 2 === 1) return valueAtRank(s, (n + 1) / 2);
  return (valueAtRank(s, n / 2) + valueAtRank(s, n / 2 + 1)) / 2;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest observed value with at least p% of the
 * observations at or below it ("90% of applications were answered within N working days").
 */
export function percentile(values: readonly WeightedValue[], p: number): number | null {
  const s = sorted(values);
  const n = totalCount(s);
  if (n === 0) return null;
  return valueAtRank(s, Math.max(1, Math.ceil((p / 100) * n)));
}

/** A share of a total as a percentage rounded to one decimal (null when the total is 0). */
export function sharePercent(count: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.round((count / total) * 1000) / 10;
}

/** "56.1%"; "—" when there is no total. */
export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${share.toFixed(1)}%`;
}

export interface TimingSummary {
  /** Answered applications with a known due date (the on-time rate's base). */
  withDueDate: number;
  onTime: number;
  onTimeRate: number | null;
  /** Answered applications (the distribution's base). */
  answered: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  /** True when a figure is withheld because fewer than MIN_COUNT cases stand behind it. */
  isBelowMinimum: boolean;
}

/** The timing figures from grouped counts, with the minimum-count rule applied. */
export function summariseTiming(input: {
  workingDays: readonly WeightedValue[];
  onTime: number;
  withDueDate: number;
}): TimingSummary {
  const answered = totalCount(input.workingDays);
  const enoughDays = answered >= MIN_COUNT;
  const enoughDue = input.withDueDate >= MIN_COUNT;
  return {
    withDueDate: input.withDueDate,
    onTime: input.onTime,
    onTimeRate: enoughDue ? sharePercent(input.onTime, input.withDueDate) : null,
    answered,
    medianWorkingDays: enoughDays ? median(input.workingDays) : null,
    p90WorkingDays: enoughDays ? percentile(input.workingDays, 90) : null,
    isBelowMinimum: !enoughDays || !enoughDue,
  };
}

/** Counts with their shares of the total (shares rounded one by one, so they may not add to 100.0). */
export function withShares<T extends { count: number }>(
  rows: readonly T[],
): { rows: (T & { share: number | null })[]; total: number } {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return { rows: rows.map((r) => ({ ...r, share: sharePercent(r.count, total) })), total };
}

/** The period's bounds: a whole year, or any from/to (inclusive), as `YYYY-MM-DD`. */
export function yearPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
