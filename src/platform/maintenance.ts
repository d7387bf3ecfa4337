import { z } from 'zod';
import type { Database } from './db/database.js';
import type { JobQueue } from './jobs/job-queue.js';
import { purgeFinishedJobs } from './jobs/jobs.repository.js';
import { deleteExpiredSessions } from './auth/sessions.js';
import { pruneLoginAttempts } from './auth/auth.repository.js';

export const MAINTENANCE_JOB = 'maintenance.cleanup';
const DAY_MS = 24 * 3600 * 1000;
/** Sign-in attempts are kept a month (enough to look into an attack), finished jobs likewise. */
export const RETENTION_DAYS = 30;

/**
 * Housekeeping that keeps the operational tables small: expired sessions, old sign-in attempts and
 * finished jobs. Runs hourly on whichever process claims it. The audit log is never touched.
 */
export function registerMaintenance(jobs: JobQueue, database: Database): void {
  jobs.register(MAINTENANCE_JOB, z.object({}), async (_payload, { now }) => {
    const before = new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString();
    await deleteExpiredSessions(database, now);
    await pruneLoginAttempts(database.db, before);
    await purgeFinishedJobs(database.db, before);
  });
}

export async function scheduleMaintenance(jobs: JobQueue): Promise<void> {
  await jobs.schedule(MAINTENANCE_JOB, MAINTENANCE_JOB, 3600, {});
}
