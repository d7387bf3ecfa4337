import type { Queryable } from '../../platform/db/transaction.js';

/** The back office's other reads: open findings per item, revisions, staff names. */

/** Open personal-data findings per item, for the list's notes column. */
export async function countOpenFindingsByItem(
  db: Queryable,
  itemIds: readonly number[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .selectFrom('catalog_pii_findings')
    .select(['item_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('item_id', 'in', [...itemIds])
    .where('status', '=', 'open')
    .groupBy('item_id')
    .execute();
  for (const r of rows) out.set(r.item_id, Number(r.n));
  return out;
}

export interface RevisionRow {
  revision: number;
  action: string;
  snapshot_json: string;
  created_by: number | null;
  created_at: string;
}

/** Every revision of an item, oldest first. */
export function listRevisions(db: Queryable, itemId: number): Promise<RevisionRow[]> {
  return db
    .selectFrom('catalog_item_revisions')
    .select(['revision', 'action', 'snapshot_json', 'created_by', 'created_at'])
    .where('item_id', '=', itemId)
    .orderBy('revision')
    .execute();
}

/** Display names of staff accounts by id (the people named in an item's history). */
export async function findUserNames(
  db: Queryable,
  ids: readonly (number | null)[],
): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const out = new Map<number, string>();
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', wanted)
    .execute();
  for (const r of rows) out.set(r.id, r.display_name);
  return out;
}
