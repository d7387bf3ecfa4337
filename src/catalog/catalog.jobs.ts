import { z } from 'zod';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import type { Database } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { countOpenPiiFindings, findItemById, listDueScheduledItems } from './catalog.repository.js';
import { PUBLISH_SCHEDULED_JOB, publishApprovedItem, type PublishDeps } from './publish-item.js';

export const PUBLISH_DUE_JOB = 'catalog.publish_due';
const SWEEP_SECONDS = 300;

export interface CatalogJobDeps extends Omit<PublishDeps, 'jobs'> {
  database: Database;
}

function schedulerContext(database: Database, now: Date): UseCaseContext {
  return { database, principal: systemPrincipal('system:catalog-scheduler'), meta: {}, now };
}

/**
 * Publishes one scheduled item if it is still approved, still scheduled for that instant, due, and free
 * of open findings; anything else (already published, rescheduled, withdrawn) is a no-op, so running
 * the job twice, or racing the sweep, publishes at most once. Returns whether it published.
 */
export async function publishScheduledItem(
  deps: CatalogJobDeps,
  now: Date,
  itemId: number,
  scheduledAt: string | null,
): Promise<boolean> {
  const ctx = schedulerContext(deps.database, now);
  return inTransaction(deps.database.db, async (trx) => {
    const item = await findItemById(trx, itemId);
    if (!item || item.status !== 'approved' || !item.scheduled_at) return false;
    if (scheduledAt !== null && item.scheduled_at !== scheduledAt) return false;
    if (item.scheduled_at > now.toISOString()) return false;
    if ((await countOpenPiiFindings(trx, item.id)) > 0) return false;
    const org = await findOrgById(trx, item.org_id);
    if (!org) return false;
    await publishApprovedItem(ctx, trx, deps, item, org);
    return true;
  });
}

/**
 * The catalog's jobs: `catalog.publish_scheduled` (one per scheduled item, enqueued by publish-item
 * with runAt = the chosen instant) and `catalog.publish_due`, a sweep that publishes any due item a
 * lost or early job left behind (bounded per run).
 */
export function registerCatalogJobs(jobs: JobQueue, deps: CatalogJobDeps): void {
  jobs.register(
    PUBLISH_SCHEDULED_JOB,
    z.object({ itemId: z.number().int().positive(), scheduledAt: z.string() }),
    async (payload, { now }) => {
      await publishScheduledItem(deps, now, payload.itemId, payload.scheduledAt);
    },
  );
  jobs.register(PUBLISH_DUE_JOB, z.object({}), async (_payload, { now }) => {
    for (const item of await listDueScheduledItems(deps.database.db, now.toISOString(), 500)) {
      await publishScheduledItem(deps, now, item.id, item.scheduled_at);
    }
  });
}

export async function scheduleCatalogJobs(jobs: JobQueue): Promise<void> {
  await jobs.schedule(PUBLISH_DUE_JOB, PUBLISH_DUE_JOB, SWEEP_SECONDS, {});
}
