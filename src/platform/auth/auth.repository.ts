import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import type { Grant } from './principal.js';

/** Either the application's Database or a Kysely handle (possibly an open transaction). */
export type DatabaseHandle = Database | Queryable;

export function queryableOf(handle: DatabaseHandle): Queryable {
  return 'ping' in handle ? handle.db : handle;
}

/** The login key of a username: trimmed and lower-cased (usernames are stored lower-case). */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export interface AuthUserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  home_org_id: number | null;
  is_active: number;
  must_change_password: number;
}

const AUTH_USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'email',
  'password_hash',
  'home_org_id',
  'is_active',
  'must_change_password',
] as const;

export function findAuthUserById(db: Queryable, userId: number): Promise<AuthUserRow | undefined> {
  return db.selectFrom('users').select(AUTH_USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
}

export function findAuthUserByUsername(db: Queryable, username: string): Promise<AuthUserRow | undefined> {
  return db
    .selectFrom('users')
    .select(AUTH_USER_COLUMNS)
    .where('username', '=', usernameKey(username))
    .executeTakeFirst();
}

/** Every grant the user holds, each with the granted organisation's path (what permission rules use). */
export async function listGrantsOfUser(db: Queryable, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select(['role_grants.org_id', 'orgs.path', 'role_grants.role'])
    .where('role_grants.user_id', '=', userId)
    .orderBy('orgs.path')
    .orderBy('role_grants.role')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, orgPath: r.path, role: r.role }));
}

export async function countRecentFailures(
  db: Queryable,
  by: { usernameKey: string } | { ip: string },
  sinceIso: string,
): Promise<number> {
  let query = db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('succeeded', '=', 0)
    .where('at', '>', sinceIso);
  query = 'ip' in by ? query.where('ip', '=', by.ip) : query.where('username_key', '=', by.usernameKey);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLoginAttempt(
  db: Queryable,
  attempt: { usernameKey: string; ip: string | null; at: string; succeeded: boolean },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      username_key: attempt.usernameKey,
      ip: attempt.ip,
      at: attempt.at,
      succeeded: attempt.succeeded ? 1 : 0,
    })
    .execute();
}

export async function deleteSessionsOfUser(
  db: Queryable,
  userId: number,
  exceptId?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The paths of the account's home organisation and of every organisation it holds a grant on. */
export async function listOrgPathsOfUser(
  db: Queryable,
  user: { id: number; home_org_id: number | null },
): Promise<string[]> {
  const paths = new Set<string>();
  if (user.home_org_id !== null) {
    const home = await db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', user.home_org_id)
      .executeTakeFirst();
    if (home) paths.add(home.path);
  }
  const grants = await db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select('orgs.path')
    .where('role_grants.user_id', '=', user.id)
    .execute();
  for (const g of grants) paths.add(g.path);
  return [...paths];
}

/** The latest successful sign-in for the username key after `sinceIso`, if any. */
export async function findLastSuccessSince(
  db: Queryable,
  usernameKey: string,
  sinceIso: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('username_key', '=', usernameKey)
    .where('succeeded', '=', 1)
    .where('at', '>', sinceIso)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** Deletes sign-in attempts older than `beforeIso` (a periodic job keeps the table small). */
export async function pruneLoginAttempts(db: Queryable, beforeIso: string): Promise<number> {
  const result = await db.deleteFrom('login_attempts').where('at', '<', beforeIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}
