import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Queryable } from '../platform/db/transaction.js';
import { isOrgPath } from '../platform/auth/permissions.rules.js';
import type {
  CatalogAttachmentsTable,
  CatalogColumnsTable,
  CatalogItemsTable,
  CatalogPiiFindingsTable,
  ColumnKind,
  DocType,
  ItemStatus,
} from './catalog.tables.js';
import { DEFAULT_INDEX_PATTERN } from './taxonomy.js';

/** All SQL of the disclosure catalog, in Kysely, the same on SQLite and PostgreSQL. */

export type CatalogItem = Selectable<CatalogItemsTable>;
export type NewCatalogItemRow = Omit<Insertable<CatalogItemsTable>, 'id'>;
export type CatalogItemPatch = Omit<
  Updateable<CatalogItemsTable>,
  'id' | 'org_id' | 'created_at' | 'created_by'
>;
export type CatalogColumn = Selectable<CatalogColumnsTable>;
export type CatalogAttachment = Selectable<CatalogAttachmentsTable>;
export type NewAttachmentRow = Omit<Insertable<CatalogAttachmentsTable>, 'id'>;
export type PiiFinding = Selectable<CatalogPiiFindingsTable>;
export type NewPiiFindingRow = Omit<Insertable<CatalogPiiFindingsTable>, 'id'>;

/** The organisation facts a catalog listing shows next to each item. */
export interface ItemOrg {
  orgCode: string;
  orgName: string;
  orgNameEn: string | null;
  orgPath: string;
}

export type ItemWithOrg = CatalogItem & ItemOrg;

export interface Page<T> {
  total: number;
  items: T[];
}

const MAX_PAGE = 200;

function clampLimit(limit: number | undefined, fallback = 20): number {
  return Math.min(Math.max(1, Math.trunc(limit ?? fallback)), MAX_PAGE);
}

function clampOffset(offset: number | undefined): number {
  return Math.max(0, Math.trunc(offset ?? 0));
}

/** Refuses a malformed org path before it reaches a LIKE (paths hold only digits and slashes). */
function checkedPath(path: string): string {
  if (!isOrgPath(path)) throw new Error(`Not an organisation path: ${path}`);
  return path;
}

function yearRange(year: number): [string, string] {
  return [`${year}-01-01`, `${year}-12-31`];
}

// ---------------------------------------------------------------------------------------------
// Items: writes

export async function insertItem(db: Queryable, row: NewCatalogItemRow): Promise<CatalogItem> {
  return db.insertInto('catalog_items').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateItemRow(
  db: Queryable,
  id: number,
  patch: CatalogItemPatch,
): Promise<CatalogItem> {
  return db
    .updateTable('catalog_items')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Updates the item only while it is still in `expectedStatus` (and at `expectedVersion` when given):
 * the guard that keeps two reviewers, or a reviewer and the scheduler, from both acting. Returns the
 * updated row, or undefined when someone else changed it first.
 */
export async function updateItemIfState(
  db: Queryable,
  id: number,
  expected: { status: ItemStatus | readonly ItemStatus[]; version?: number },
  patch: CatalogItemPatch,
): Promise<CatalogItem | undefined> {
  const statuses: readonly ItemStatus[] =
    typeof expected.status === 'string' ? [expected.status] : expected.status;
  let query = db.updateTable('catalog_items').set(patch).where('id', '=', id).where('status', 'in', statuses);
  if (expected.version !== undefined) query = query.where('version', '=', expected.version);
  return query.returningAll().executeTakeFirst();
}

export async function insertRevision(
  db: Queryable,
  input: { item: CatalogItem; action: string; columnCodes: string[]; by: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('catalog_item_revisions')
    .values({
      item_id: input.item.id,
      revision: input.item.version,
      action: input.action,
      snapshot_json: JSON.stringify({ ...input.item, columns: input.columnCodes }),
      created_by: input.by,
      created_at: input.at,
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Items: reads

export function findItemById(db: Queryable, id: number): Promise<CatalogItem | undefined> {
  return db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemWithOrg(db: Queryable, id: number): Promise<ItemWithOrg | undefined> {
  return db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .selectAll('catalog_items')
    .select([
      'orgs.code as orgCode',
      'orgs.name as orgName',
      'orgs.name_en as orgNameEn',
      'orgs.path as orgPath',
    ])
    .where('catalog_items.id', '=', id)
    .executeTakeFirst();
}

export function findItemByIndexNumber(db: Queryable, indexNumber: string): Promise<CatalogItem | undefined> {
  return db
    .selectFrom('catalog_items')
    .selectAll()
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
}

/**
 * The item a public URL `/xxgk/{orgCode}/items/{indexNumber}` names: published, or withdrawn (the page
 * then says so, with the reason, instead of a 404). Drafts and items waiting for review are not found.
 */
export async function findPublicItem(
  db: Queryable,
  orgCode: string,
  indexNumber: string,
): Promise<ItemWithOrg | undefined> {
  return db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .selectAll('catalog_items')
    .select([
      'orgs.code as orgCode',
      'orgs.name as orgName',
      'orgs.name_en as orgNameEn',
      'orgs.path as orgPath',
    ])
    .where('orgs.code', '=', orgCode)
    .where('catalog_items.index_number', '=', indexNumber)
    .where('catalog_items.status', 'in', ['published', 'withdrawn'])
    .executeTakeFirst();
}

export interface PublicListFilter {
  /** The organisation and everything below it (`/1/7/`); absent: the whole city. */
  orgPath?: string;
  columnCode?: string;
  /** Year of published_on. */
  year?: number;
  docType?: DocType;
  limit?: number;
  offset?: number;
}

/** Published items, newest first (published_on, then published_at, then id), for the public catalog. */
export async function listPublishedItems(
  db: Queryable,
  filter: PublicListFilter = {},
): Promise<Page<ItemWithOrg>> {
  let base = db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .where('catalog_items.status', '=', 'published');
  if (filter.orgPath) base = base.where('orgs.path', 'like', `${checkedPath(filter.orgPath)}%`);
  if (filter.year !== undefined) {
    const [from, to] = yearRange(filter.year);
    base = base.where('catalog_items.published_on', '>=', from).where('catalog_items.published_on', '<=', to);
  }
  if (filter.docType) base = base.where('catalog_items.doc_type', '=', filter.docType);
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
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .selectAll('catalog_items')
    .select([
      'orgs.code as orgCode',
      'orgs.name as orgName',
      'orgs.name_en as orgNameEn',
      'orgs.path as orgPath',
    ])
    .orderBy('catalog_items.published_on', 'desc')
    .orderBy('catalog_items.published_at', 'desc')
    .orderBy('catalog_items.id', 'desc')
    .limit(clampLimit(filter.limit))
    .offset(clampOffset(filter.offset))
    .execute();
  return { total: Number(totalRow.n), items };
}

/** Years that have published items (newest first), for the "browse by year" links. */
export async function listPublishedYears(
  db: Queryable,
  filter: { orgPath?: string } = {},
): Promise<number[]> {
  let query = db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .select('catalog_items.published_on')
    .distinct()
    .where('catalog_items.status', '=', 'published')
    .where('catalog_items.published_on', 'is not', null);
  if (filter.orgPath) query = query.where('orgs.path', 'like', `${checkedPath(filter.orgPath)}%`);
  const rows = await query.execute();
  const years = new Set(rows.map((r) => Number(String(r.published_on).slice(0, 4))));
  return [...years].sort((a, b) => b - a);
}

/** The latest `limit` published items, for RSS/Atom feeds (by publication instant). */
export async function listLatestPublished(
  db: Queryable,
  filter: { orgPath?: string; columnCode?: string; limit?: number } = {},
): Promise<ItemWithOrg[]> {
  const page = await listPublishedItems(db, {
    ...(filter.orgPath ? { orgPath: filter.orgPath } : {}),
    ...(filter.columnCode ? { columnCode: filter.columnCode } : {}),
    limit: filter.limit ?? 20,
  });
  return page.items;
}

export interface SitemapEntry {
  orgCode: string;
  indexNumber: string;
  updatedAt: string;
}

/** Every published item's address facts, for sitemap.xml (a city has tens of thousands: plain rows). */
export async function listSitemapEntries(db: Queryable): Promise<SitemapEntry[]> {
  const rows = await db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .select(['orgs.code as orgCode', 'catalog_items.index_number', 'catalog_items.updated_at'])
    .where('catalog_items.status', '=', 'published')
    .where('catalog_items.index_number', 'is not', null)
    .orderBy('catalog_items.id')
    .execute();
  return rows.map((r) => ({ orgCode: r.orgCode, indexNumber: r.index_number!, updatedAt: r.updated_at }));
}

export interface StaffListFilter {
  /** From `scopeOf(principal, 'catalog.read')`: `'all'` or the org paths the principal reaches. */
  scope: 'all' | readonly string[];
  status?: ItemStatus | readonly ItemStatus[];
  orgId?: number;
  /** Case-sensitive substring of the title or the 索引号 (LIKE wildcards typed by staff match themselves). */
  text?: string;
  /** Only items in this column. */
  columnCode?: string;
  limit?: number;
  offset?: number;
}

/** The back office's item filter without status and paging: scope by org path prefix, org, text, column. */
function staffItemsQuery(db: Queryable, filter: Omit<StaffListFilter, 'status' | 'limit' | 'offset'>) {
  let base = db.selectFrom('catalog_items').innerJoin('orgs', 'orgs.id', 'catalog_items.org_id');
  if (filter.scope !== 'all') {
    const paths = filter.scope.map(checkedPath);
    base = base.where((eb) => eb.or(paths.map((p) => eb('orgs.path', 'like', `${p}%`))));
  }
  if (filter.orgId !== undefined) base = base.where('catalog_items.org_id', '=', filter.orgId);
  if (filter.text) {
    // Escape LIKE wildcards so a typed % or _ matches itself.
    const needle = `%${filter.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`${eb.ref('catalog_items.title')} like ${needle} escape '\\'`,
        sql<boolean>`${eb.ref('catalog_items.index_number')} like ${needle} escape '\\'`,
      ]),
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

/** Items of any status within the principal's scope, most recently changed first, for the back office. */
export async function listStaffItems(db: Queryable, filter: StaffListFilter): Promise<Page<ItemWithOrg>> {
  if (filter.scope !== 'all' && filter.scope.length === 0) return { total: 0, items: [] };
  let base = staffItemsQuery(db, filter);
  if (filter.status) {
    const statuses: readonly ItemStatus[] =
      typeof filter.status === 'string' ? [filter.status] : filter.status;
    base = base.where('catalog_items.status', 'in', statuses);
  }
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
    .limit(clampLimit(filter.limit, 50))
    .offset(clampOffset(filter.offset))
    .execute();
  return { total: Number(totalRow.n), items };
}

/** How many items of each status the same filter (without the status) finds: the list's tab counts. */
export async function countStaffItemsByStatus(
  db: Queryable,
  filter: Omit<StaffListFilter, 'status' | 'limit' | 'offset'>,
): Promise<Partial<Record<ItemStatus, number>>> {
  if (filter.scope !== 'all' && filter.scope.length === 0) return {};
  const rows = await staffItemsQuery(db, filter)
    .select(['catalog_items.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('catalog_items.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Approved items whose scheduled publication instant has come (bounded; the rest next run). */
export function listDueScheduledItems(db: Queryable, nowIso: string, limit = 500): Promise<CatalogItem[]> {
  return db
    .selectFrom('catalog_items')
    .selectAll()
    .where('status', '=', 'approved')
    .where('scheduled_at', 'is not', null)
    .where('scheduled_at', '<=', nowIso)
    .orderBy('scheduled_at')
    .limit(limit)
    .execute();
}

export interface ValidityCounts {
  /** 本年制发件数: issued (issued_on, else published_on) in the year. */
  issued: number;
  /** 本年废止件数: abolished_on in the year. */
  abolished: number;
  /** 现行有效件数: issued by the year's end and not abolished by then. */
  valid: number;
}

/**
 * Annual report section 二, 第二十条第（一）项: 规章 and 行政规范性文件 of the organisations under
 * `orgPath`, counted over published items (an item withdrawn from the site is not counted).
 */
export async function countValidityForYear(
  db: Queryable,
  input: { orgPath: string; year: number },
): Promise<Record<'regulation' | 'normative', ValidityCounts>> {
  const [from, to] = yearRange(input.year);
  const rows = await db
    .selectFrom('catalog_items')
    .innerJoin('orgs', 'orgs.id', 'catalog_items.org_id')
    .select([
      'catalog_items.doc_type',
      'catalog_items.issued_on',
      'catalog_items.published_on',
      'catalog_items.abolished_on',
    ])
    .where('orgs.path', 'like', `${checkedPath(input.orgPath)}%`)
    .where('catalog_items.status', '=', 'published')
    .where('catalog_items.doc_type', 'in', ['regulation', 'normative'])
    .execute();
  const out = {
    regulation: { issued: 0, abolished: 0, valid: 0 },
    normative: { issued: 0, abolished: 0, valid: 0 },
  };
  // Counted in code: a few thousand rows per office at most, and the date fallbacks stay readable.
  for (const row of rows) {
    const counts = out[row.doc_type as 'regulation' | 'normative'];
    const issuedOn = row.issued_on ?? row.published_on;
    if (issuedOn && issuedOn >= from && issuedOn <= to) counts.issued += 1;
    if (row.abolished_on && row.abolished_on >= from && row.abolished_on <= to) counts.abolished += 1;
    const abolishedByYearEnd = row.abolished_on !== null && row.abolished_on <= to;
    if (issuedOn && issuedOn <= to && !abolishedByYearEnd) counts.valid += 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Columns (taxonomy)

/** The columns an office may use: the city-wide ones and its own (active only unless asked). */
export async function listColumns(
  db: Queryable,
  filter: { orgId?: number; kind?: ColumnKind; includeInactive?: boolean } = {},
): Promise<CatalogColumn[]> {
  let query = db.selectFrom('catalog_columns').selectAll();
  query =
    filter.orgId !== undefined
      ? query.where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', filter.orgId!)]))
      : query.where('org_id', 'is', null);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (!filter.includeInactive) query = query.where('is_active', '=', 1);
  return query.orderBy('sort_order').orderBy('id').execute();
}

export function findColumnByCode(db: Queryable, code: string): Promise<CatalogColumn | undefined> {
  return db.selectFrom('catalog_columns').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findColumnsByCodes(db: Queryable, codes: readonly string[]): Promise<CatalogColumn[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('catalog_columns')
    .selectAll()
    .where('code', 'in', [...codes])
    .execute();
}

export async function insertColumn(
  db: Queryable,
  row: Omit<Insertable<CatalogColumnsTable>, 'id'>,
): Promise<CatalogColumn> {
  return db.insertInto('catalog_columns').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateColumnRow(
  db: Queryable,
  id: number,
  patch: Omit<Updateable<CatalogColumnsTable>, 'id' | 'code' | 'created_at'>,
): Promise<CatalogColumn> {
  return db
    .updateTable('catalog_columns')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces the item's columns with `columnIds`. */
export async function replaceItemColumns(
  db: Queryable,
  itemId: number,
  columnIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('catalog_item_columns').where('item_id', '=', itemId).execute();
  const unique = [...new Set(columnIds)];
  if (unique.length > 0) {
    await db
      .insertInto('catalog_item_columns')
      .values(unique.map((column_id) => ({ item_id: itemId, column_id })))
      .execute();
  }
}

/** The item's columns, in taxonomy order. */
export function listItemColumns(db: Queryable, itemId: number): Promise<CatalogColumn[]> {
  return db
    .selectFrom('catalog_item_columns')
    .innerJoin('catalog_columns', 'catalog_columns.id', 'catalog_item_columns.column_id')
    .selectAll('catalog_columns')
    .where('catalog_item_columns.item_id', '=', itemId)
    .orderBy('catalog_columns.sort_order')
    .orderBy('catalog_columns.id')
    .execute();
}

/** Column codes of many items at once (for listings and bulk indexing). */
export async function listColumnCodesByItem(
  db: Queryable,
  itemIds: readonly number[],
): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = itemIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('catalog_item_columns')
      .innerJoin('catalog_columns', 'catalog_columns.id', 'catalog_item_columns.column_id')
      .select(['catalog_item_columns.item_id', 'catalog_columns.code'])
      .where('catalog_item_columns.item_id', 'in', [...chunk])
      .orderBy('catalog_columns.sort_order')
      .execute();
    for (const row of rows) out.set(row.item_id, [...(out.get(row.item_id) ?? []), row.code]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Attachments

export async function insertAttachment(db: Queryable, row: NewAttachmentRow): Promise<CatalogAttachment> {
  return db.insertInto('catalog_attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listAttachments(db: Queryable, itemId: number): Promise<CatalogAttachment[]> {
  return db
    .selectFrom('catalog_attachments')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export function findAttachment(db: Queryable, id: number): Promise<CatalogAttachment | undefined> {
  return db.selectFrom('catalog_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteAttachmentRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('catalog_attachments').where('id', '=', id).execute();
}

/** How many attachment rows refer to a stored file (content-addressed keys are shared). */
export async function countAttachmentsWithKey(db: Queryable, storageKey: string): Promise<number> {
  const row = await db
    .selectFrom('catalog_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('storage_key', '=', storageKey)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------
// 索引号 sequences and settings

/**
 * The next `{seq}` for an office and year, taken inside the caller's transaction. The upsert is one
 * atomic statement on both databases (PostgreSQL locks the row until commit; SQLite holds the write
 * lock), so two publications never receive the same number.
 */
export async function allocateIndexSequence(db: Queryable, orgId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('catalog_index_sequences')
    .values({ org_id: orgId, year, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'year'])
        .doUpdateSet((eb) => ({ last_seq: eb('catalog_index_sequences.last_seq', '+', 1) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export async function isIndexNumberTaken(db: Queryable, indexNumber: string): Promise<boolean> {
  const row = await db
    .selectFrom('catalog_items')
    .select('id')
    .where('index_number', '=', indexNumber)
    .executeTakeFirst();
  return row !== undefined;
}

/** The office's 索引号 pattern (the default when it has not set one). */
export async function findIndexPattern(db: Queryable, orgId: number): Promise<string> {
  const row = await db
    .selectFrom('catalog_settings')
    .select('index_pattern')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row?.index_pattern ?? DEFAULT_INDEX_PATTERN;
}

export async function upsertIndexPattern(
  db: Queryable,
  input: { orgId: number; pattern: string; by: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('catalog_settings')
    .values({ org_id: input.orgId, index_pattern: input.pattern, updated_by: input.by, updated_at: input.at })
    .onConflict((oc) =>
      oc
        .column('org_id')
        .doUpdateSet({ index_pattern: input.pattern, updated_by: input.by, updated_at: input.at }),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Personal-data findings

export async function insertPiiFindings(db: Queryable, rows: readonly NewPiiFindingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('catalog_pii_findings')
    .values([...rows])
    .execute();
}

export function listPiiFindings(db: Queryable, itemId: number): Promise<PiiFinding[]> {
  return db
    .selectFrom('catalog_pii_findings')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
}

export function findPiiFinding(db: Queryable, id: number): Promise<PiiFinding | undefined> {
  return db.selectFrom('catalog_pii_findings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updatePiiFinding(
  db: Queryable,
  id: number,
  patch: Pick<Updateable<CatalogPiiFindingsTable>, 'status' | 'decided_by' | 'decided_at' | 'note'>,
): Promise<PiiFinding> {
  return db
    .updateTable('catalog_pii_findings')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countOpenPiiFindings(db: Queryable, itemId: number): Promise<number> {
  const row = await db
    .selectFrom('catalog_pii_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('item_id', '=', itemId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drops the open findings of an item before a new scan (decided ones are kept as the record). */
export async function deleteOpenPiiFindings(db: Queryable, itemId: number): Promise<void> {
  await db
    .deleteFrom('catalog_pii_findings')
    .where('item_id', '=', itemId)
    .where('status', '=', 'open')
    .execute();
}
