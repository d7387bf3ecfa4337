import type { Queryable } from '../platform/db/transaction.js';

/** The `settings` row that tells the site it runs on demo data (it shows a banner). */
export const DEMO_SETTING_KEY = 'demo';

export async function markDatabaseAsDemo(db: Queryable, now: string): Promise<void> {
  // Delete-then-insert is the same on both databases; the caller holds a transaction.
  await db.deleteFrom('settings').where('key', '=', DEMO_SETTING_KEY).execute();
  await db
    .insertInto('settings')
    .values({ key: DEMO_SETTING_KEY, value_json: 'true', updated_at: now })
    .execute();
}

export async function isDemoDatabase(db: Queryable): Promise<boolean> {
  const row = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', DEMO_SETTING_KEY)
    .executeTakeFirst();
  return row?.value_json === 'true';
}
