import type { Queryable } from '../../platform/db/transaction.js';
import { isOrgPath } from '../../platform/auth/permissions.rules.js';
import type { CatalogAttachment, ItemWithOrg } from '../catalog.repository.js';

/**
 * Read queries the public pages need beyond catalog.repository.ts, in Kysely, portable across both
 * databases. Every one of them reads published items only.
 */

const ORG_COLUMNS = [
  'orgs.code as orgCode',
  'orgs.name as orgName',
  'orgs.name_en as orgNameEn',
  'orgs.path as orgPath',
] as const;

/** The published items among `ids`, in the order of `ids` (search hits keep their ranking). */
export async function listPublishedItemsByIds(db: Queryable, ids: readonly number[]): Promise<ItemWithOrg[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .selectAll('catalog_items')
    .select([...ORG_COLUMNS])
    .where('catalog_items.id', 'in', [...ids])
    .where('catalog_items.status', '=', 'published')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ItemWithOrg => r !== undefined);
}

/** How many published items each column holds, within an organisation's subtree or the whole city. */
export async function countPublishedByColumn(
  db: Queryable,
  filter: { orgPath?: string } = {},
): Promise<Map<string, number>> {
  let query = db
    .selectFrom('catalog_item_columns')
    .innerJoin('catalog_columns', 'catalog_columns.id', 'catalog_item_columns.column_id')
    .innerJoin('catalog_items', 'catalog_items.id', 'catalog_item_columns.item_id')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .select(['catalog_columns.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('catalog_items.status', '=', 'published')
    .groupBy('catalog_columns.code');
  if (filter.orgPath) {
    if (!isOrgPath(filter.orgPath)) throw new Error(`Not an organisation path: ${filter.orgPath}`);
    query = query.where('orgs.path', 'like', `${filter.orgPath}%`);
  }
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** An attachment the public may download: it belongs to `itemId` and that item is published. */
export async function findPublicAttachment(
  db: Queryable,
  itemId: number,
  attachmentId: number,
): Promise<CatalogAttachment | undefined> {
  return db
    .selectFrom('catalog_attachments')
    .innerJoin('catalog_items', 'catalog_items.id', 'catalog_attachments.item_id')
    .selectAll('catalog_attachments')
    .where('catalog_attachments.id', '=', attachmentId)
    .where('catalog_attachments.item_id', '=', itemId)
    .where('catalog_items.status', '=', 'published')
    .executeTakeFirst();
}

/** A published item's title and address facts (for "amended by" links). */
export async function findPublishedItemRef(
  db: Queryable,
  id: number,
): Promise<{ title: string; orgCode: string; index_number: string | null } | undefined> {
  return db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .select(['catalog_items.title', 'catalog_items.index_number', 'orgs.code as orgCode'])
    .where('catalog_items.id', '=', id)
    .where('catalog_items.status', '=', 'published')
    .executeTakeFirst();
}

/** The number of published items that have a public address (a 索引号). */
export async function countSitemapItems(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('catalog_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .where('index_number', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One slice of the sitemap's items, by id, read in batches so a large city never sits in memory. */
export async function* streamSitemapItems(
  db: Queryable,
  range: { offset: number; limit: number },
  batch = 2000,
): AsyncGenerator<{ orgCode: string; indexNumber: string; updatedAt: string }> {
  let remaining = range.limit;
  let afterId = 0;
  // Find the slice's start once, then page by id (keyset): no growing OFFSET while reading it.
  if (range.offset > 0) {
    const start = await db
      .selectFrom('catalog_items')
      .select('id')
      .where('status', '=', 'published')
      .where('index_number', 'is not', null)
      .orderBy('id')
      .limit(1)
      .offset(range.offset - 1)
      .executeTakeFirst();
    if (!start) return;
    afterId = start.id;
  }
  while (remaining > 0) {
    const rows = await db
      .selectFrom('catalog_items')
      .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
      .select([
        'catalog_items.id',
        'catalog_items.index_number',
        'catalog_items.updated_at',
        'orgs.code as orgCode',
      ])
      .where('catalog_items.status', '=', 'published')
      .where('catalog_items.index_number', 'is not', null)
      .where('catalog_items.id', '>', afterId)
      .orderBy('catalog_items.id')
      .limit(Math.min(batch, remaining))
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      yield { orgCode: row.orgCode, indexNumber: row.index_number!, updatedAt: row.updated_at };
    }
    remaining -= rows.length;
    afterId = rows[rows.length - 1]!.id;
  }
}
