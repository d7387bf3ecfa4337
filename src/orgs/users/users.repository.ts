import { sql, type ExpressionBuilder } from 'kysely';
import type { Queryable } from '../../platform/db/transaction.js';
import type { DB } from '../../db-schema.js';
import type { Role } from '../../platform/auth/roles.js';

/** All SQL of staff accounts and role grants. Portable across SQLite and PostgreSQL. */

export interface OrgRef {
  id: number;
  code: string;
  name: string;
  path: string;
}

export function findOrgByCode(db: Queryable, code: string): Promise<OrgRef | undefined> {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'path'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export function findOrgById(db: Queryable, id: number): Promise<OrgRef | undefined> {
  return db.selectFrom('orgs').select(['id', 'code', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

export function listOrgsByIds(db: Queryable, ids: readonly number[]): Promise<OrgRef[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('orgs').select(['id', 'code', 'name', 'path']).where('id', 'in', ids).execute();
}

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  home_org_id: number | null;
  is_active: number;
  must_change_password: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

const USER_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.email',
  'users.home_org_id',
  'users.is_active',
  'users.must_change_password',
  'users.last_login_at',
  'users.created_at',
  'users.updated_at',
] as const;

export function findUserById(db: Queryable, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(USER_COLUMNS).where('users.id', '=', id).executeTakeFirst();
}

export function findPasswordHash(db: Queryable, id: number): Promise<string | undefined> {
  return db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r?.password_hash);
}

export async function isUsernameTaken(db: Queryable, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row !== undefined;
}

export async function insertUser(
  db: Queryable,
  values: {
    username: string;
    displayName: string;
    email: string | null;
    passwordHash: string;
    homeOrgId: number | null;
    mustChangePassword: boolean;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: values.username,
      display_name: values.displayName,
      email: values.email,
      password_hash: values.passwordHash,
      home_org_id: values.homeOrgId,
      is_active: 1,
      must_change_password: values.mustChangePassword ? 1 : 0,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUserRow(
  db: Queryable,
  id: number,
  changes: Partial<{
    display_name: string;
    email: string | null;
    home_org_id: number | null;
    is_active: number;
    password_hash: string;
    must_change_password: number;
    last_login_at: string;
  }>,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export interface GrantRow {
  id: number;
  user_id: number;
  org_id: number;
  role: Role;
  org_code: string;
  org_name: string;
  org_path: string;
}

/** Grants of the given users, each with its organisation's code, name and path. */
export function listGrantsOfUsers(db: Queryable, userIds: readonly number[]): Promise<GrantRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select([
      'role_grants.id',
      'role_grants.user_id',
      'role_grants.org_id',
      'role_grants.role',
      'orgs.code as org_code',
      'orgs.name as org_name',
      'orgs.path as org_path',
    ])
    .where('role_grants.user_id', 'in', userIds)
    .orderBy('orgs.path')
    .orderBy('role_grants.role')
    .execute();
}

export function findGrant(
  db: Queryable,
  key: { userId: number; orgId: number; role: Role },
): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('role_grants')
    .select('id')
    .where('user_id', '=', key.userId)
    .where('org_id', '=', key.orgId)
    .where('role', '=', key.role)
    .executeTakeFirst();
}

export async function insertGrant(
  db: Queryable,
  values: { userId: number; orgId: number; role: Role; grantedBy: number | null; now: string },
): Promise<number> {
  const row = await db
    .insertInto('role_grants')
    .values({
      user_id: values.userId,
      org_id: values.orgId,
      role: values.role,
      granted_by: values.grantedBy,
      created_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteGrant(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('role_grants').where('id', '=', id).execute();
}

/** How many active users hold `role` on the organisation at `orgPath` or above it. */
export async function countActiveHoldersOver(db: Queryable, role: Role, orgPath: string): Promise<number> {
  const row = await db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role_grants.role', '=', role)
    .where('users.is_active', '=', 1)
    // the grant's org path is a prefix of orgPath: it reaches the organisation
    .where(sql<boolean>`${orgPath} like ${sql.ref('orgs.path')} || '%'`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export { listOrgPathsOfUser } from '../../platform/auth/auth.repository.js';

/** Escapes LIKE wildcards in user text; use with `escape '\'`. */
function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Users whose home organisation or any granted organisation lies within one of `scopePaths`
 * (`'all'`: everyone). Paths hold only digits and `/`, so they are safe LIKE prefixes.
 */
function inScope(eb: ExpressionBuilder<DB, 'users'>, scopePaths: 'all' | readonly string[]) {
  if (scopePaths === 'all') return sql<boolean>`1 = 1`;
  const prefixes = scopePaths.map((p) => `${p}%`);
  return eb.or([
    eb.exists(
      eb
        .selectFrom('orgs as home')
        .select('home.id')
        .whereRef('home.id', '=', 'users.home_org_id')
        .where((sub) => sub.or(prefixes.map((prefix) => sub('home.path', 'like', prefix)))),
    ),
    eb.exists(
      eb
        .selectFrom('role_grants as rg')
        .innerJoin('orgs as granted', 'granted.id', 'rg.org_id')
        .select('rg.id')
        .whereRef('rg.user_id', '=', 'users.id')
        .where((sub) => sub.or(prefixes.map((prefix) => sub('granted.path', 'like', prefix)))),
    ),
  ]);
}

export interface UserSearch {
  scopePaths: 'all' | readonly string[];
  /** Only users belonging (home or grant) to the organisation at this path or below. */
  orgPath?: string;
  text?: string;
  includeInactive: boolean;
  limit: number;
  offset: number;
}

export async function searchUsers(
  db: Queryable,
  search: UserSearch,
): Promise<{ rows: UserRow[]; total: number }> {
  if (search.scopePaths !== 'all' && search.scopePaths.length === 0) return { rows: [], total: 0 };
  let query = db.selectFrom('users').where((eb) => inScope(eb, search.scopePaths));
  if (search.orgPath !== undefined) {
    const orgPath = search.orgPath;
    query = query.where((eb) => inScope(eb, [orgPath]));
  }
  if (!search.includeInactive) query = query.where('users.is_active', '=', 1);
  if (search.text) {
    const pattern = likeContains(search.text);
    query = query.where((eb) =>
      eb.or(
        (['users.username', 'users.display_name', 'users.email'] as const).map(
          (col) => sql<boolean>`lower(coalesce(${sql.ref(col)}, '')) like ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  const countRow = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(USER_COLUMNS)
    .orderBy('users.username')
    .limit(search.limit)
    .offset(search.offset)
    .execute();
  return { rows, total: Number(countRow.n) };
}
