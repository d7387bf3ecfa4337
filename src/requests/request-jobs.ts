import { z } from 'zod';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import type { Database } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { isAppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import {
  computeApplicationState,
  findHoldingOrg,
  readDueSoonWorkdays,
  refreshApplicationState,
  todayOf,
} from './application-log.js';
import { closeForFeeUnpaid } from './close-for-fee-unpaid.js';
import { closeForNoCorrection } from './close-for-no-correction.js';
import type { RequestDeps } from './request-deps.js';
import {
  findApplicationById,
  listEventsOf,
  listOpenApplicationIdsWithStatus,
  listStaleOpenApplicationIds,
  pruneTrackAttempts,
} from './requests.repository.js';

export const REQUEST_SWEEP_JOB = 'requests.sweep';
/** Bounded per run (style guide 13): the rest waits for the next run. */
export const SWEEP_LIMIT = 500;

export interface RequestSweepResult {
  closedNoCorrection: number;
  closedFeeUnpaid: number;
  refreshed: number;
}

/**
 * The deadline sweep: closes applications whose correction deadline (条例第三十条) or payment deadline
 * (国办函〔2020〕109号) has passed, and refreshes the cached state of open applications computed on an
 * earlier day (so `is_overdue` is right each morning). Idempotent: each close re-checks the log under
 * the application's lock, and a raced close is refused by the event rules.
 */
export async function sweepRequestDeadlines(
  database: Database,
  deps: RequestDeps,
  now: Date,
  limit = SWEEP_LIMIT,
): Promise<RequestSweepResult> {
  const ctx: UseCaseContext = {
    database,
    principal: systemPrincipal('requests.sweep'),
    meta: {},
    now,
  };
  const today = todayOf(ctx, deps);
  const dueSoon = await readDueSoonWorkdays(database.db);
  const result: RequestSweepResult = { closedNoCorrection: 0, closedFeeUnpaid: 0, refreshed: 0 };

  const candidates = await listOpenApplicationIdsWithStatus(
    database.db,
    ['awaiting_correction', 'awaiting_fee'],
    limit,
  );
  for (const id of candidates) {
    const app = await findApplicationById(database.db, id);
    if (!app || app.closed_on !== null) continue;
    const org = await findHoldingOrg(database.db, app.org_id);
    const calendar = await loadWorkingCalendar(database.db, { orgPath: org.path });
    const state = computeApplicationState(app, await listEventsOf(database.db, id), calendar, today, dueSoon);
    try {
      if (state.alerts.includes('correction_deadline_passed')) {
        await closeForNoCorrection(ctx, deps, { applicationId: id });
        result.closedNoCorrection++;
      } else if (state.alerts.includes('fee_deadline_passed')) {
        await closeForFeeUnpaid(ctx, deps, { applicationId: id });
        result.closedFeeUnpaid++;
      }
    } catch (err) {
      // Another process closed it first, or staff acted meanwhile: nothing to do.
      if (!isAppError(err)) throw err;
    }
  }

  const stale = await listStaleOpenApplicationIds(database.db, today, limit);
  const calendars = new Map<string, Awaited<ReturnType<typeof loadWorkingCalendar>>>();
  for (const id of stale) {
    await inTransaction(database.db, async (trx) => {
      await database.dialect.lockForAppend(trx as never, `application:${id}`);
      const app = await findApplicationById(trx, id);
      if (!app || app.closed_on !== null) return;
      const org = await findHoldingOrg(trx, app.org_id);
      let calendar = calendars.get(org.path);
      if (!calendar) {
        calendar = await loadWorkingCalendar(trx, { orgPath: org.path });
        calendars.set(org.path, calendar);
      }
      await refreshApplicationState(trx, deps, { app, org, events: await listEventsOf(trx, id) }, now, {
        calendar,
        dueSoonWorkdays: dueSoon,
      });
      result.refreshed++;
    });
  }
  // Tracking attempts older than a day are no longer needed for throttling (the audit log keeps refusals).
  await pruneTrackAttempts(database.db, new Date(now.getTime() - 24 * 3600 * 1000).toISOString());
  return result;
}

/** Registers the sweep on the job queue; `scheduleRequestJobs` declares it hourly. */
export function registerRequestJobs(jobs: JobQueue, deps: RequestDeps & { database: Database }): void {
  jobs.register(REQUEST_SWEEP_JOB, z.object({}), async (_payload, { now }) => {
    await sweepRequestDeadlines(deps.database, deps, now);
  });
}

export async function scheduleRequestJobs(jobs: JobQueue): Promise<void> {
  await jobs.schedule(REQUEST_SWEEP_JOB, REQUEST_SWEEP_JOB, 3600, {});
}
