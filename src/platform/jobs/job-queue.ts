import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import { AppError } from '../errors.js';
import {
  advanceSchedule,
  claimDueJobs,
  insertJob,
  listDueSchedules,
  markJobDone,
  markJobFailed,
  releaseJob,
  rescheduleJob,
  upsertSchedule,
  type JobRow,
} from './jobs.repository.js';
import { computeNextRunAt, computeRetryDelayMs, DEFAULT_RETRY_BASE_MS } from './jobs.rules.js';

/** The part of a pino logger the queue uses; pass the app's logger (or a child of it). */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobContext {
  jobId: number;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  maxAttempts: number;
  /** True when a failure now makes the job `failed` for good (no retry follows). */
  isFinalAttempt: boolean;
  now: Date;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** When to run, at the earliest; default now. */
  runAt?: Date;
  /**
   * Makes enqueue idempotent: a second job with the same key is not created, whatever the state of
   * the first (keys are kept with finished jobs), so derive it from what the job is about.
   */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** A registered job type: enqueues with a payload checked by the compiler and by its schema. */
export interface JobDefinition<Input> {
  readonly type: string;
  enqueue(db: Queryable, payload: Input, options?: EnqueueOptions): Promise<number | null>;
}

export interface RunDueResult {
  /** Jobs claimed and started in this run. */
  claimed: number;
  succeeded: number;
  /** Failed and scheduled to retry later. */
  retried: number;
  /** Failed for good (out of attempts, or an invalid payload). */
  failed: number;
}

export interface JobQueue {
  readonly workerId: string;
  /**
   * Declares how to run jobs of `type`. Only registered types are claimed, so a process that does not
   * know a type (an older version during a rolling deploy) leaves those jobs for one that does.
   */
  register<S extends z.ZodType>(
    type: string,
    payloadSchema: S,
    handler: JobHandler<z.output<S>>,
  ): JobDefinition<z.input<S>>;
  /**
   * Inserts a job in the caller's transaction (or autocommit when given the database), so the job
   * commits or rolls back with the change that caused it. Returns the job id, or null when a job with
   * the same `uniqueKey` already exists. Throws VALIDATION if `type` is registered and the payload
   * does not match its schema.
   */
  enqueue(db: Queryable, type: string, payload: unknown, options?: EnqueueOptions): Promise<number | null>;
  /** Claims due jobs of registered types and runs them one after another, at most `limit`. */
  runDue(options?: { limit?: number }): Promise<RunDueResult>;
  /**
   * Declares a recurring job. The stored next firing is shared by all processes; a new schedule is
   * due at once. The payload is not stored: every process declares the same schedules at start.
   */
  schedule(name: string, jobType: string, intervalSeconds: number, payload?: unknown): Promise<void>;
  /** Enqueues one job for each declared schedule that is due; returns how many it enqueued. */
  tickSchedules(): Promise<number>;
  /** Polls (scheduler tick, then runDue) every `pollMs` until stop(). */
  start(): void;
  /** Stops polling and resolves once every job in flight has finished. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  database: Database;
  clock: Clock;
  logger?: JobLogger;
  workerId?: string;
  pollMs?: number;
  /** How long a claim holds a job before another worker may take it (the job's time budget). */
  leaseMs?: number;
  /** Jobs claimed per round trip; small, so a claimed job does not wait long behind the others. */
  batchSize?: number;
  /** First retry delay; doubles on each further failure. */
  retryBaseMs?: number;
  defaultMaxAttempts?: number;
}

const DEFAULT_LIMIT = 500;
const DEFAULT_LEASE_MS = 5 * 60 * 1000;
const DEFAULT_BATCH_SIZE = 10;
const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 2000;

const silentLogger: JobLogger = { info() {}, warn() {}, error() {} };

interface Registration {
  schema: z.ZodType;
  handler: JobHandler<unknown>;
}

interface DeclaredSchedule {
  jobType: string;
  intervalSeconds: number;
  payload: unknown;
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { database, clock } = options;
  const logger = options.logger ?? silentLogger;
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const defaultMaxAttempts = options.defaultMaxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const registrations = new Map<string, Registration>();
  const schedules = new Map<string, DeclaredSchedule>();
  const inFlight = new Set<Promise<unknown>>();
  let isPolling = false;
  let isStopping = false;
  let timer: NodeJS.Timeout | undefined;

  /** Counts the promise as work in flight, so stop() waits for it. */
  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  function validatePayload(type: string, payload: unknown): void {
    const registration = registrations.get(type);
    if (!registration) return;
    const parsed = registration.schema.safeParse(payload);
    if (!parsed.success) {
      throw new AppError('VALIDATION', `Invalid payload for job "${type}": ${describeIssues(parsed.error)}`, {
        fields: parsed.error.issues.map((issue) => ({
          field: issue.path.map(String).join('.') || '(payload)',
          message: issue.message,
        })),
      });
    }
  }

  async function enqueue(
    db: Queryable,
    type: string,
    payload: unknown,
    opts: EnqueueOptions = {},
  ): Promise<number | null> {
    // Stored as JSON, where undefined does not exist: validate what the handler will receive.
    const value = payload ?? null;
    validatePayload(type, value);
    const now = clock.now();
    return insertJob(db, {
      type,
      payloadJson: JSON.stringify(value),
      runAt: (opts.runAt ?? now).toISOString(),
      maxAttempts: opts.maxAttempts ?? defaultMaxAttempts,
      uniqueKey: opts.uniqueKey ?? null,
      createdAt: now.toISOString(),
    });
  }

  type Outcome = 'succeeded' | 'retried' | 'failed' | 'lost';

  async function runOne(job: JobRow): Promise<Outcome> {
    const now = clock.now();
    const log = { jobId: job.id, type: job.type, attempt: job.attempts };
    const fail = async (message: string): Promise<Outcome> => {
      const ok = await markJobFailed(
        database.db,
        job.id,
        workerId,
        truncate(message),
        clock.now().toISOString(),
      );
      logger.error({ ...log, err: message }, 'job failed for good');
      return ok ? 'failed' : 'lost';
    };

    if (job.attempts > job.max_attempts) {
      // Claimed again after its lease ran out on the last attempt: the process running it died.
      return fail(`Lease expired during the final attempt (${job.max_attempts}); the worker stopped or hung`);
    }
    const registration = registrations.get(job.type);
    if (!registration) return fail(`No handler registered for job type "${job.type}"`);

    let payload: unknown;
    try {
      payload = JSON.parse(job.payload_json);
    } catch {
      return fail(`Invalid payload for job "${job.type}": not JSON`);
    }
    const parsed = registration.schema.safeParse(payload);
    // A payload that does not match now never will: fail at once instead of retrying.
    if (!parsed.success)
      return fail(`Invalid payload for job "${job.type}": ${describeIssues(parsed.error)}`);

    const isFinalAttempt = job.attempts >= job.max_attempts;
    try {
      await registration.handler(parsed.data, {
        jobId: job.id,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        isFinalAttempt,
        now,
      });
    } catch (err) {
      const message = errorMessage(err);
      if (isFinalAttempt) return fail(message);
      const retryAt = new Date(clock.now().getTime() + computeRetryDelayMs(job.attempts, retryBaseMs));
      const ok = await rescheduleJob(database.db, job.id, workerId, truncate(message), retryAt.toISOString());
      logger.warn({ ...log, err: message, retryAt: retryAt.toISOString() }, 'job failed; will retry');
      return ok ? 'retried' : 'lost';
    }
    const ok = await markJobDone(database.db, job.id, workerId, clock.now().toISOString());
    if (!ok) logger.warn(log, 'job finished after its lease expired and was claimed by another worker');
    return ok ? 'succeeded' : 'lost';
  }

  async function runDueNow(limit: number): Promise<RunDueResult> {
    const result: RunDueResult = { claimed: 0, succeeded: 0, retried: 0, failed: 0 };
    while (!isStopping && result.claimed < limit) {
      const now = clock.now();
      const batch = await claimDueJobs(database, {
        now: now.toISOString(),
        lockedUntil: new Date(now.getTime() + leaseMs).toISOString(),
        workerId,
        types: [...registrations.keys()],
        limit: Math.min(batchSize, limit - result.claimed),
      });
      if (batch.length === 0) break;
      for (const [index, job] of batch.entries()) {
        if (isStopping) {
          // Shutting down: hand back what has not started rather than leave it locked for a lease.
          for (const rest of batch.slice(index)) await releaseJob(database.db, rest.id, workerId);
          break;
        }
        result.claimed++;
        const outcome = await runOne(job);
        if (outcome !== 'lost') result[outcome]++;
      }
    }
    return result;
  }

  async function tickNow(): Promise<number> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const due = await listDueSchedules(database.db, [...schedules.keys()], nowIso);
    let enqueued = 0;
    for (const row of due) {
      const declared = schedules.get(row.name);
      if (!declared) continue;
      // Enqueue first, keyed by the firing, then move the schedule on only if it is still at that
      // firing. Racing processes insert the same key (one row wins) and only one advance changes a
      // row; a crash between the two steps is repaired by the next tick, whose enqueue is then a
      // no-op. No transaction is needed, which keeps SQLite writers to one statement at a time.
      const id = await enqueue(database.db, row.job_type, declared.payload, {
        uniqueKey: `${row.name}@${row.next_run_at}`,
      });
      const next = computeNextRunAt(new Date(row.next_run_at), row.interval_seconds, now);
      await advanceSchedule(database.db, row.name, row.next_run_at, next.toISOString(), nowIso);
      if (id !== null) {
        enqueued++;
        logger.info({ schedule: row.name, jobId: id, type: row.job_type }, 'schedule fired');
      }
    }
    return enqueued;
  }

  async function pollOnce(): Promise<void> {
    let claimedAll = false;
    try {
      await track(tickNow());
      const result = await track(runDueNow(DEFAULT_LIMIT));
      claimedAll = result.claimed >= DEFAULT_LIMIT;
    } catch (err) {
      logger.error({ err: errorMessage(err) }, 'job polling failed');
    }
    if (isPolling) {
      // A full run means more is waiting: go again at once instead of after the poll interval.
      timer = setTimeout(() => void pollOnce(), claimedAll ? 0 : pollMs);
      timer.unref();
    }
  }

  return {
    workerId,

    register(type, payloadSchema, handler) {
      if (registrations.has(type)) throw new Error(`Job type "${type}" is already registered`);
      registrations.set(type, { schema: payloadSchema, handler: handler as JobHandler<unknown> });
      return {
        type,
        enqueue: (db, payload, opts) => enqueue(db, type, payload, opts),
      };
    },

    enqueue,

    runDue({ limit = DEFAULT_LIMIT } = {}) {
      return track(runDueNow(limit));
    },

    async schedule(name, jobType, intervalSeconds, payload) {
      if (!Number.isInteger(intervalSeconds) || intervalSeconds <= 0) {
        throw new Error(`Schedule "${name}": intervalSeconds must be a positive integer`);
      }
      validatePayload(jobType, payload ?? null);
      schedules.set(name, { jobType, intervalSeconds, payload: payload ?? null });
      await upsertSchedule(database.db, {
        name,
        jobType,
        intervalSeconds,
        firstRunAt: clock.now().toISOString(),
      });
    },

    tickSchedules() {
      return track(tickNow());
    },

    start() {
      if (isPolling) return;
      isPolling = true;
      isStopping = false;
      timer = setTimeout(() => void pollOnce(), 0);
      timer.unref();
      logger.info({ workerId, pollMs }, 'job queue started');
    },

    async stop() {
      isPolling = false;
      isStopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      isStopping = false;
      logger.info({ workerId }, 'job queue stopped');
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(payload)'}: ${i.message}`).join('; ');
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}
