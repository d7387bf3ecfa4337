import type { Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/transaction.js';
import type { ApplicationDraftsTable } from './drafts.public.tables.js';

/** SQL of the public form's drafts and its per-address submission counter (migration 0006). */

export type DraftRow = Selectable<ApplicationDraftsTable>;

export async function insertDraft(
  db: Queryable,
  row: { tokenHash: string; dataJson: string; clientToken: string; now: string; expiresAt: string },
): Promise<number> {
  const { id } = await db
    .insertInto('application_drafts')
    .values({
      token_hash: row.tokenHash,
      data_json: row.dataJson,
      client_token: row.clientToken,
      application_id: null,
      created_at: row.now,
      updated_at: row.now,
      expires_at: row.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The draft for a cookie token, unless it has expired. */
export function findLiveDraft(db: Queryable, tokenHash: string, now: string): Promise<DraftRow | undefined> {
  return db
    .selectFrom('application_drafts')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function updateDraftData(
  db: Queryable,
  id: number,
  values: { dataJson: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .updateTable('application_drafts')
    .set({ data_json: values.dataJson, updated_at: values.now, expires_at: values.expiresAt })
    .where('id', '=', id)
    .execute();
}

/** After the submit: the answers are dropped, only the application it became is kept (until expiry). */
export async function markDraftSubmitted(
  db: Queryable,
  id: number,
  values: { applicationId: number; now: string; expiresAt: string },
): Promise<void> {
  await db
    .updateTable('application_drafts')
    .set({
      data_json: '{}',
      application_id: values.applicationId,
      updated_at: values.now,
      expires_at: values.expiresAt,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteDraft(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('application_drafts').where('id', '=', id).execute();
}

/**
 * Removes expired drafts, a bounded number per call (the rest go next time), and returns the storage
 * keys of the files their (unsubmitted) answers held, for the caller to release.
 */
export async function pruneExpiredDrafts(db: Queryable, now: string, limit = 500): Promise<string[]> {
  const rows = await db
    .selectFrom('application_drafts')
    .select(['id', 'data_json', 'application_id'])
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  await db
    .deleteFrom('application_drafts')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.filter((r) => r.application_id === null).flatMap((r) => draftStorageKeys(r.data_json));
}

/** The storage keys of the attachments in a draft's stored answers (they are not encrypted). */
export function draftStorageKeys(dataJson: string): string[] {
  try {
    const parsed = JSON.parse(dataJson) as { attachments?: { storageKey?: unknown }[] };
    return (parsed.attachments ?? [])
      .map((a) => a.storageKey)
      .filter((k): k is string => typeof k === 'string');
  } catch {
    return [];
  }
}

/**
 * Whether anything still refers to a stored file: an application's files, a catalog attachment, or
 * another draft (storage is content-addressed, so two uploads of the same bytes share one key).
 */
export async function isStorageKeyInUse(db: Queryable, key: string): Promise<boolean> {
  const inFiles = await db
    .selectFrom('application_files')
    .select('id')
    .where('storage_key', '=', key)
    .limit(1)
    .executeTakeFirst();
  if (inFiles) return true;
  const inCatalog = await db
    .selectFrom('catalog_attachments')
    .select('id')
    .where('storage_key', '=', key)
    .limit(1)
    .executeTakeFirst();
  if (inCatalog) return true;
  const inDraft = await db
    .selectFrom('application_drafts')
    .select('id')
    .where('data_json', 'like', `%"storageKey":"${key}"%`)
    .limit(1)
    .executeTakeFirst();
  return inDraft !== undefined;
}

export async function recordSubmitAttempt(db: Queryable, ipKey: string, at: string): Promise<void> {
  await db.insertInto('application_submit_attempts').values({ ip_key: ipKey, at }).execute();
}

export async function countSubmitAttemptsSince(db: Queryable, ipKey: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('application_submit_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip_key', '=', ipKey)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function pruneSubmitAttempts(db: Queryable, before: string): Promise<void> {
  await db.deleteFrom('application_submit_attempts').where('at', '<', before).execute();
}
