import type { Queryable } from '../../platform/db/transaction.js';
import { isOrgPath } from '../../platform/auth/permissions.rules.js';
import type { ItemStatus } from '../catalog.tables.js';
import type { ItemWithOrg, Page } from '../catalog.repository.js';

/**
 * The back office's listing queries. `listStaffItems` in catalog.repository.ts has no column filter and
 * no per-status counts; these add both for the 信息发布 list (same scope rule: org paths by prefix).
 * Kysely only, the same on SQLite and PostgreSQL.
 */

export interface StaffCatalogFilter {
  /** From `scopeOf(principal, 'catalog.read')`. */
  scope: 'all' | readonly string[];
  status?: ItemStatus;
  orgId?: number;
  /** Substring of the title or the 索引号 (LIKE wildcards typed by staff match themselves). */
  text?: string;
  columnCode?: string;
  limit: number;
  offset: number;
}

function checkedPath(path: string): string {
  if (!isOrgPath(path)) throw new Error(`Not an organisation path: ${path}`);
  return path;
}

function baseQuery(db: Queryable, filter: Omit<StaffCatalogFilter, 'limit' | 'offset' | 'status'>) {
  let base = db.selectFrom('catalog_items').innerJoin('orgs', 'orgs.id', 'catalog_items.org_id');
  if (filter.scope !== 'all') {
    const paths = filter.scope.map(checkedPath);
    base = base.where((eb) => eb.or(paths.map((p) => eb('orgs.path', 'like', `${p}%`))));
  }
  if (filter.orgId !== undefined) base = base.where('catalog_items.org_id', '=', filter.orgId);
  if (filter.text) {
    const needle = `%${filter.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('catalog_items.title', 'like', needle), eb('catalog_items.index_number', 'like', needle)]),
    );
  }
  if (filter.columnCode) {
    const code = filter.columnCode;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('catalog_item_columns')
          .innerJoin('catalog_columns', 'catalog_columns.id', 'catalog_item_columns.column_id')
          .select('catalog_item_columns.item_id')
          .whereRef('catalog_item_columns.item_id', '=', 'catalog_items.id')
          .where('catalog_columns.code', '=', code),
      ),
    );
  }
  return base;
}

/** Items within scope, newest change first (then newest item), one page. */
export async function listStaffCatalogItems(
  db: Queryable,
  filter: StaffCatalogFilter,
): Promise<Page<ItemWithOrg>> {
  if (filter.scope !== 'all' && filter.scope.length === 0) return { total: 0, items: [] };
  let base = baseQuery(db, filter);
  if (filter.status) base = base.where('catalog_items.status', '=', filter.status);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .selectAll('catalog_items')
    .select([
      'orgs.code as orgCode',
      'orgs.name as orgName',
      'orgs.name_en as orgNameEn',
      'orgs.path as orgPath',
    ])
    .orderBy('catalog_items.updated_at', 'desc')
    .orderBy('catalog_items.id', 'desc')
    .limit(Math.min(Math.max(1, filter.limit), 200))
    .offset(Math.max(0, filter.offset))
    .execute();
  return { total: Number(totalRow.n), items };
}

/** How many items of each status the same filter (without the status) finds: the tab counts. */
export async function countStaffCatalogItemsByStatus(
  db: Queryable,
  filter: Omit<StaffCatalogFilter, 'limit' | 'offset' | 'status'>,
): Promise<Partial<Record<ItemStatus, number>>> {
  if (filter.scope !== 'all' && filter.scope.length === 0) return {};
  const rows = await baseQuery(db, filter)
    .select(['catalog_items.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('catalog_items.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

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
