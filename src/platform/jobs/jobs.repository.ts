import type { Expression, ExpressionBuilder, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import type { JobsTable } from '../db/tables.js';

/** All SQL of the job queue and the scheduler, portable across SQLite and PostgreSQL. */

export interface JobRow {
  id: number;
  type: string;
  payload_json: string;
  status: JobsTable['status'];
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  unique_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface NewJob {
  type: string;
  payloadJson: string;
  runAt: string;
  maxAttempts: number;
  uniqueKey: string | null;
  createdAt: string;
}

/**
 * Inserts a job; returns its id, or null when a job with the same unique key already exists.
 * `on conflict do nothing` (both databases) rather than check-then-insert: on PostgreSQL a concurrent
 * transaction inserting the same key makes this one wait for it and then do nothing, instead of failing.
 */
export async function insertJob(db: Queryable, job: NewJob): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values(newJobRow(job, job.payloadJson))
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * A new job's row, pending with no attempt yet; the payload given apart so that a statement can
 * build it (`sendJobValuesAfterNewMessage` takes the id of a message inserted by the same statement).
 */
export function newJobRow<P extends string | RawBuilder<string>>(job: Omit<NewJob, 'payloadJson'>, payloadJson: P) {
  return {
    type: job.type,
    payload_json: payloadJson,
    status: 'pending' as const,
    run_at: job.runAt,
    attempts: 0,
    max_attempts: job.maxAttempts,
    unique_key: job.uniqueKey,
    created_at: job.createdAt,
  };
}

/** Pending and due, or running with a lease that expired (its process died or hung). */
function isClaimable(now: string, types: readonly string[]) {
  return (eb: ExpressionBuilder<DB, 'jobs'>): Expression<SqlBool> =>
    eb.and([
      eb('type', 'in', types),
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', now)]),
      ]),
    ]);
}

export interface ClaimRequest {
  now: string;
  lockedUntil: string;
  workerId: string;
  types: readonly string[];
  limit: number;
}

/**
 * Marks up to `limit` due jobs as running for this worker and returns them, oldest first. Each
 * job's `attempts` counts this claim, so a job that keeps crashing its process still runs out of attempts.
 *
 * This is the queue's only dialect branch. PostgreSQL: rows are selected `for update skip locked`, so
 * concurrent workers pass over each other's rows instead of waiting or double-claiming. SQLite has
 * one writer at a time, so a single `update … where id in (select …) returning` is already atomic; it
 * is also one statement on purpose, because a multi-statement transaction on one better-sqlite3
 * handle would stall any other handle in the same thread on the file lock.
 */
export async function claimDueJobs(database: Database, req: ClaimRequest): Promise<JobRow[]> {
  if (req.types.length === 0 || req.limit <= 0) return [];
  const claimed = database.dialect.supportsSkipLocked
    ? await claimWithSkipLocked(database.db, req)
    : await claimWithConditionalUpdate(database.db, req);
  return claimed.sort((a, b) => (a.run_at === b.run_at ? a.id - b.id : a.run_at < b.run_at ? -1 : 1));
}

function claimWithSkipLocked(db: Kysely<DB>, req: ClaimRequest): Promise<JobRow[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await trx
      .selectFrom('jobs')
      .select('id')
      .where(isClaimable(req.now, req.types))
      .orderBy('run_at')
      .orderBy('id')
      .limit(req.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (ids.length === 0) return [];
    return trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: req.workerId,
        locked_until: req.lockedUntil,
        attempts: eb('attempts', '+', 1),
      }))
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .returningAll()
      .execute();
  });
}

function claimWithConditionalUpdate(db: Kysely<DB>, req: ClaimRequest): Promise<JobRow[]> {
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: req.workerId,
      locked_until: req.lockedUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where((eb) =>
      eb(
        'id',
        'in',
        eb
          .selectFrom('jobs')
          .select('id')
          .where(isClaimable(req.now, req.types))
          .orderBy('run_at')
          .orderBy('id')
          .limit(req.limit),
      ),
    )
    .where(isClaimable(req.now, req.types))
    .returningAll()
    .execute();
}

/**
 * The updates below only touch a job this worker still holds: if its lease expired and another worker
 * reclaimed it, the other worker's outcome is the one that counts.
 */
export async function markJobDone(
  db: Kysely<DB>,
  id: number,
  workerId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markJobFailed(
  db: Kysely<DB>,
  id: number,
  workerId: string,
  error: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'failed', last_error: error, finished_at: now, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function rescheduleJob(
  db: Kysely<DB>,
  id: number,
  workerId: string,
  error: string,
  runAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'pending', last_error: error, run_at: runAt, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Hands back a claimed job that never started (shutdown), without counting the attempt. */
export async function releaseJob(db: Kysely<DB>, id: number, workerId: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'pending',
      locked_by: null,
      locked_until: null,
      attempts: eb('attempts', '-', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .execute();
}

export async function findJob(db: Queryable, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

// Schedules

export interface ScheduleRow {
  name: string;
  job_type: string;
  interval_seconds: number;
  next_run_at: string;
  last_run_at: string | null;
}

/**
 * Creates the schedule, or updates its job type and interval, keeping the stored next firing so a
 * restart neither fires early nor postpones it.
 */
export async function upsertSchedule(
  db: Queryable,
  schedule: { name: string; jobType: string; intervalSeconds: number; firstRunAt: string },
): Promise<void> {
  await db
    .insertInto('schedules')
    .values({
      name: schedule.name,
      job_type: schedule.jobType,
      interval_seconds: schedule.intervalSeconds,
      next_run_at: schedule.firstRunAt,
    })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ job_type: schedule.jobType, interval_seconds: schedule.intervalSeconds }),
    )
    .execute();
}

export async function listDueSchedules(
  db: Queryable,
  names: readonly string[],
  now: string,
): Promise<ScheduleRow[]> {
  if (names.length === 0) return [];
  return db
    .selectFrom('schedules')
    .selectAll()
    .where('name', 'in', names)
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .execute();
}

/** Moves a schedule on, only if nobody else has since `dueAt`; true when this call did it. */
export async function advanceSchedule(
  db: Queryable,
  name: string,
  dueAt: string,
  nextRunAt: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('schedules')
    .set({ next_run_at: nextRunAt, last_run_at: now })
    .where('name', '=', name)
    .where('next_run_at', '=', dueAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Deletes jobs that finished successfully before `beforeIso`. Failed jobs are kept for inspection.
 * Unique keys of purged jobs become free again, so keys must name something that cannot recur after
 * the retention period (schedules use `name@instant`).
 */
export async function purgeFinishedJobs(db: Queryable, beforeIso: string): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', beforeIso)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
