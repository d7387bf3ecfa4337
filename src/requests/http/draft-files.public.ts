import { z } from 'zod';
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { isStorageKey, type FileStorage } from '../../platform/storage/index.js';
import { isStorageKeyInUse, pruneExpiredDrafts } from './drafts.public.repository.js';

/**
 * The files a visitor attached to the public application form (an ID card copy, a power of attorney)
 * are personal data. They are stored when chosen, before the application exists; when the visitor
 * replaces or removes one, cancels, or abandons the form, nothing refers to them any more. Decision:
 * such files are deleted, not kept "just in case": at once when replaced, removed or cancelled, and by
 * an hourly job for drafts that expired (24 hours after their last change). A file still referred to
 * by an application, a catalog attachment or another draft is kept (storage is content-addressed).
 */
export async function releaseDraftFiles(
  database: Database,
  storage: FileStorage,
  keys: readonly string[],
): Promise<number> {
  let deleted = 0;
  for (const key of new Set(keys)) {
    if (!isStorageKey(key)) continue;
    if (await isStorageKeyInUse(database.db, key)) continue;
    if (await storage.delete(key)) deleted++;
  }
  return deleted;
}

export const DRAFT_PRUNE_JOB = 'requests.drafts.prune';

export interface DraftPruneResult {
  filesDeleted: number;
}

/** Removes expired drafts (bounded per run) and the files only they referred to. */
export async function pruneDrafts(
  database: Database,
  storage: FileStorage,
  now: Date,
): Promise<DraftPruneResult> {
  const keys = await pruneExpiredDrafts(database.db, now.toISOString());
  return { filesDeleted: await releaseDraftFiles(database, storage, keys) };
}

export function registerDraftJobs(jobs: JobQueue, deps: { database: Database; storage: FileStorage }): void {
  jobs.register(DRAFT_PRUNE_JOB, z.object({}), async (_payload, { now }) => {
    await pruneDrafts(deps.database, deps.storage, now);
  });
}

export async function scheduleDraftJobs(jobs: JobQueue): Promise<void> {
  await jobs.schedule(DRAFT_PRUNE_JOB, DRAFT_PRUNE_JOB, 3600, {});
}
