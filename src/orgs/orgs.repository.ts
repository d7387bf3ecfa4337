import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Queryable } from '../platform/db/transaction.js';
import type { OrgsTable } from './orgs.tables.js';
import { buildTree, childPath, parsePath, type TreeNode } from './org.rules.js';

/** All SQL of the organisation tree, in Kysely, the same on SQLite and PostgreSQL. */

export type Org = Selectable<OrgsTable>;
export type NewOrgRow = Omit<Insertable<OrgsTable>, 'id' | 'path' | 'parent_id'>;
export type OrgPatch = Omit<Updateable<OrgsTable>, 'id' | 'path' | 'parent_id' | 'code' | 'created_at'>;

export function findOrgById(db: Queryable, id: number): Promise<Org | undefined> {
  return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgByCode(db: Queryable, code: string): Promise<Org | undefined> {
  return db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findOrgsByCodes(db: Queryable, codes: readonly string[]): Promise<Map<string, Org>> {
  const out = new Map<string, Org>();
  // Chunked so a long import stays under both databases' parameter limits.
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('orgs').selectAll().where('code', 'in', chunk).execute();
    for (const row of rows) out.set(row.code, row);
  }
  return out;
}

/** Direct children, in directory order. */
export function listChildren(db: Queryable, parentId: number): Promise<Org[]> {
  return db
    .selectFrom('orgs')
    .selectAll()
    .where('parent_id', '=', parentId)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

/** The organisation at `path` and everything below it, shallow first. */
export function listSubtree(db: Queryable, path: string): Promise<Org[]> {
  // Paths hold only digits and slashes, so no LIKE wildcard can hide in them.
  return db.selectFrom('orgs').selectAll().where('path', 'like', `${path}%`).orderBy('path').execute();
}

/** The ancestors of `org`, root first, without `org` itself. */
export async function listAncestors(db: Queryable, org: Pick<Org, 'id' | 'path'>): Promise<Org[]> {
  const ids = parsePath(org.path).filter((id) => id !== org.id);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('orgs').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is Org => r !== undefined);
}

/** Every organisation, for building the tree in memory (a city has hundreds, a province thousands). */
export function listAllOrgs(db: Queryable, options: { includeInactive?: boolean } = {}): Promise<Org[]> {
  let query = db.selectFrom('orgs').selectAll();
  if (!options.includeInactive) query = query.where('is_active', '=', 1);
  return query.orderBy('sort_order').orderBy('name').execute();
}

/**
 * The whole tree for the directory page: roots first, siblings by sort order then name. Inactive
 * organisations (and what lies below them) are left out unless asked for.
 */
export async function listOrgTree(
  db: Queryable,
  options: { includeInactive?: boolean } = {},
): Promise<TreeNode<Org>[]> {
  const rows = await listAllOrgs(db, options);
  if (options.includeInactive) return buildTree(rows);
  // An active child of an inactive parent is not reachable from the directory.
  const active = new Set(rows.map((r) => r.id));
  return buildTree(rows.filter((r) => parsePath(r.path).every((id) => active.has(id))));
}

/** How many organisations exist (active and inactive unless `activeOnly`). */
export async function countOrgs(db: Queryable, options: { activeOnly?: boolean } = {}): Promise<number> {
  let query = db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n'));
  if (options.activeOnly) query = query.where('is_active', '=', 1);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findRootOrgs(db: Queryable): Promise<Org[]> {
  return db.selectFrom('orgs').selectAll().where('parent_id', 'is', null).orderBy('id').execute();
}

export async function countActiveChildren(db: Queryable, parentId: number): Promise<number> {
  const row = await db
    .selectFrom('orgs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', parentId)
    .where('is_active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The kinds of the direct children, to check a change of kind against them. */
export async function listChildKinds(db: Queryable, parentId: number): Promise<OrgsTable['kind'][]> {
  const rows = await db
    .selectFrom('orgs')
    .select('kind')
    .distinct()
    .where('parent_id', '=', parentId)
    .execute();
  return rows.map((r) => r.kind);
}

/** Inserts an organisation under `parent` (null: a root) and sets its materialised path. */
export async function insertOrg(
  db: Queryable,
  parent: Pick<Org, 'id' | 'path'> | null,
  row: NewOrgRow,
): Promise<Org> {
  // The path contains the new id, which only the insert reveals: insert with a placeholder, then set it.
  const { id } = await db
    .insertInto('orgs')
    .values({ ...row, parent_id: parent?.id ?? null, path: '/' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = childPath(parent?.path ?? null, id);
  await db.updateTable('orgs').set({ path }).where('id', '=', id).execute();
  const org = await findOrgById(db, id);
  if (!org) throw new Error(`Inserted organisation ${id} vanished`);
  return org;
}

export async function updateOrgRow(db: Queryable, id: number, patch: OrgPatch): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('orgs').set(patch).where('id', '=', id).execute();
}

/**
 * Moves `org` under `newParent`: sets its parent and rewrites the path of the whole subtree in one
 * statement (`new prefix || rest of the old path`). The caller has ruled out cycles.
 * Returns the organisation's new path and how many paths changed.
 */
export async function moveOrgSubtree(
  db: Queryable,
  org: Pick<Org, 'id' | 'path'>,
  newParent: Pick<Org, 'id' | 'path'>,
  updatedAt: string,
): Promise<{ path: string; rewritten: number }> {
  const newPath = childPath(newParent.path, org.id);
  await db
    .updateTable('orgs')
    .set({ parent_id: newParent.id, updated_at: updatedAt })
    .where('id', '=', org.id)
    .execute();
  const oldPath = org.path;
  const result = await db
    .updateTable('orgs')
    .set({
      path: sql<string>`cast(${newPath} as text) || substr(path, cast(${oldPath.length + 1} as integer))`,
    })
    .where('path', 'like', `${oldPath}%`)
    .executeTakeFirst();
  return { path: newPath, rewritten: Number(result.numUpdatedRows) };
}
