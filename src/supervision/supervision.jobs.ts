import { z } from 'zod';
import type { Database } from '../platform/db/database.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { FileStorage } from '../platform/storage/storage.js';
import type { LinkAllowList } from '../platform/net/address-guard.rules.js';
import { runWebsiteChecks } from './run-website-checks.js';
import { sendSupervisionAlerts } from './send-supervision-alerts.js';
import { takeTransparencySnapshot } from './take-transparency-snapshot.js';
import { todayIn } from './supervision-support.js';

export const ALERTS_JOB = 'supervision.alerts';
export const SNAPSHOT_JOB = 'supervision.snapshot';
export const WEBSITE_CHECK_JOB = 'supervision.website_check';

/** Alerts run hourly: the per-day and per-week keys make every run after the first a no-op. */
const ALERTS_SECONDS = 60 * 60;
/** The snapshot is retaken every few hours (the same day's rows are replaced). */
const SNAPSHOT_SECONDS = 6 * 60 * 60;
const WEBSITE_CHECK_SECONDS = 24 * 60 * 60;

export interface SupervisionJobDeps {
  database: Database;
  mailer: Mailer;
  storage: FileStorage;
  timeZone: string;
  publicUrl: string;
  /** Internal hosts and ranges the website checks' link checker may reach (config LINK_CHECK_ALLOW). */
  linkCheckAllow?: LinkAllowList;
}

export function registerSupervisionJobs(jobs: JobQueue, deps: SupervisionJobDeps): void {
  jobs.register(ALERTS_JOB, z.object({}).passthrough(), async (_payload, { now }) => {
    await sendSupervisionAlerts(deps, now);
  });
  jobs.register(SNAPSHOT_JOB, z.object({}).passthrough(), async (_payload, { now }) => {
    await takeTransparencySnapshot(deps.database, deps, now);
  });
  jobs.register(
    WEBSITE_CHECK_JOB,
    z.object({ triggeredBy: z.string().optional() }).passthrough(),
    async (payload, { now }) => {
      await runWebsiteChecks(deps, now, payload.triggeredBy ?? 'schedule');
    },
  );
}

export async function scheduleSupervisionJobs(jobs: JobQueue): Promise<void> {
  await jobs.schedule(ALERTS_JOB, ALERTS_JOB, ALERTS_SECONDS, {});
  await jobs.schedule(SNAPSHOT_JOB, SNAPSHOT_JOB, SNAPSHOT_SECONDS, {});
  await jobs.schedule(WEBSITE_CHECK_JOB, WEBSITE_CHECK_JOB, WEBSITE_CHECK_SECONDS, {});
}

/** A manual website check from the back office: at most one queued per member per day. */
export async function enqueueWebsiteCheck(
  jobs: JobQueue,
  database: Database,
  input: { userId: number | null; now: Date; timeZone: string },
): Promise<boolean> {
  const day = todayIn(input.now, input.timeZone);
  const id = await jobs.enqueue(
    database.db,
    WEBSITE_CHECK_JOB,
    { triggeredBy: `user:${input.userId ?? 'system'}` },
    { uniqueKey: `${WEBSITE_CHECK_JOB}:manual:${input.userId ?? 0}:${day}` },
  );
  return id !== null;
}
