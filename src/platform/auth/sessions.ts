import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import {
  deleteSessionsOfUser,
  findAuthUserById,
  listGrantsOfUser,
  queryableOf,
  type DatabaseHandle,
} from './auth.repository.js';
import type { Principal } from './principal.js';

/**
 * Server-side sessions in the database, so any number of stateless processes can serve a user.
 * The cookie carries a random token; the table stores only its sha256 as `sessions.id`, so a copy of
 * the database does not yield usable sessions. A session ends at whichever comes first: `idleMinutes`
 * without a request (sliding) or `maxHours` after sign-in (absolute).
 */
export type SessionConfig = Config['session'];

/** Sliding expiry writes `last_seen_at` at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface NewSession {
  /** For the cookie only; never stored or logged. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  homeOrgId: number | null;
  mustChangePassword: boolean;
}

export interface FoundSession {
  session: {
    /** sha256 of the token (the row key), safe to log or compare. */
    id: string;
    userId: number;
    csrfToken: string;
    createdAt: string;
    lastSeenAt: string;
    /** The absolute expiry; the idle expiry is `lastSeenAt` + idle minutes. */
    expiresAt: string;
  };
  user: SessionUser;
  principal: Principal;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

export async function createSession(
  database: DatabaseHandle,
  input: { userId: number; ip?: string | null; userAgent?: string | null },
  now: Date,
  config: SessionConfig,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = addMs(now, config.maxHours * 3_600_000).toISOString();
  await queryableOf(database)
    .insertInto('sessions')
    .values({
      id: hashSessionToken(token),
      user_id: input.userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ip: input.ip ?? null,
      // A header of any length could be sent; keep what is useful for the "your sessions" list.
      user_agent: input.userAgent ? input.userAgent.slice(0, 300) : null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The staff principal of a user with grants and their organisations' paths; null if unknown or inactive. */
export async function loadPrincipal(database: DatabaseHandle, userId: number): Promise<Principal | null> {
  const db = queryableOf(database);
  const user = await findAuthUserById(db, userId);
  if (!user || user.is_active !== 1) return null;
  return {
    kind: 'staff',
    userId: user.id,
    username: user.username,
    grants: await listGrantsOfUser(db, userId),
  };
}

/**
 * The live session for a cookie token, with its user and principal, or null when the token is
 * unknown, the session has been idle too long or reached its absolute end (it is then deleted),
 * or the user has been deactivated.
 */
export async function findSession(
  database: DatabaseHandle,
  token: string,
  now: Date,
  config: SessionConfig,
): Promise<FoundSession | null> {
  if (!token || token.length > 200) return null;
  const db = queryableOf(database);
  const id = hashSessionToken(token);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const idleEndsAt = addMs(new Date(row.last_seen_at), config.idleMinutes * 60_000);
  if (now.getTime() >= new Date(row.expires_at).getTime() || now.getTime() >= idleEndsAt.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const user = await findAuthUserById(db, row.user_id);
  if (!user || user.is_active !== 1) return null;
  let lastSeenAt = row.last_seen_at;
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_INTERVAL_MS) {
    lastSeenAt = now.toISOString();
    await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  }
  return {
    session: {
      id,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      lastSeenAt,
      expiresAt: row.expires_at,
    },
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      homeOrgId: user.home_org_id,
      mustChangePassword: user.must_change_password === 1,
    },
    principal: {
      kind: 'staff',
      userId: user.id,
      username: user.username,
      grants: await listGrantsOfUser(db, user.id),
    },
  };
}

/** Deletes the session of `token`; returns the user it belonged to, or null if there was none. */
export async function revokeSession(
  database: DatabaseHandle,
  token: string,
): Promise<{ userId: number } | null> {
  const db = queryableOf(database);
  const id = hashSessionToken(token);
  const row = await db.selectFrom('sessions').select('user_id').where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom('sessions').where('id', '=', id).execute();
  return { userId: row.user_id };
}

/** Deletes every session of the user (optionally keeping the one of `exceptToken`); returns how many. */
export function revokeAllSessions(
  database: DatabaseHandle,
  userId: number,
  exceptToken?: string,
): Promise<number> {
  return deleteSessionsOfUser(
    queryableOf(database),
    userId,
    exceptToken ? hashSessionToken(exceptToken) : undefined,
  );
}

/** Deletes sessions past their absolute end (a periodic job); idle ones are removed when next seen. */
export async function deleteExpiredSessions(database: DatabaseHandle, now: Date): Promise<number> {
  const result = await queryableOf(database)
    .deleteFrom('sessions')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
