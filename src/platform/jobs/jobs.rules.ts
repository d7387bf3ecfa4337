/** Pure timing rules of the job queue; time is always passed in. */

export const DEFAULT_RETRY_BASE_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * How long to wait before retrying after the `attempt`-th failure (1-based): the delay doubles each
 * time, so a flaky SMTP server or a short outage is retried soon and a long one is not hammered,
 * and is capped so a job never sleeps for days.
 */
export function computeRetryDelayMs(
  attempt: number,
  baseMs: number = DEFAULT_RETRY_BASE_MS,
  capMs: number = MAX_RETRY_DELAY_MS,
): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^31 already exceeds any sensible cap; stop growing before the number overflows.
  return Math.min(capMs, baseMs * 2 ** Math.min(exponent, 31));
}

/**
 * The next firing of a schedule after the one due at `dueAt`. After downtime the missed firings are
 * skipped rather than replayed one by one: a deadline sweep that runs once catches up on everything.
 * The grid (`dueAt` + k × interval) is kept, so a nightly job stays at the hour it was set for.
 */
export function computeNextRunAt(dueAt: Date, intervalSeconds: number, now: Date): Date {
  const intervalMs = intervalSeconds * 1000;
  if (!(intervalMs > 0)) throw new RangeError('intervalSeconds must be positive');
  const elapsed = now.getTime() - dueAt.getTime();
  const steps = elapsed < 0 ? 1 : Math.floor(elapsed / intervalMs) + 1;
  return new Date(dueAt.getTime() + steps * intervalMs);
}
