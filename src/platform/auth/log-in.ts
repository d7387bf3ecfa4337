import type { UseCaseContext } from '../use-case.js';
import './auth.messages.js';
import { inTransaction } from '../db/transaction.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { AppError, type FieldProblem } from '../errors.js';
import type { Config } from '../config.js';
import {
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
  MAX_PASSWORD_LENGTH,
} from './password.js';
import { createSession, type SessionConfig, type SessionUser } from './sessions.js';
import {
  countRecentFailures,
  findAuthUserByUsername,
  findLastSuccessSince,
  insertLoginAttempt,
  usernameKey,
} from './auth.repository.js';

export type LoginConfig = Config['login'];

/** A shared address (an office behind NAT) gets this many times the per-username allowance. */
export const IP_FAILURE_MULTIPLIER = 4;

export interface LogInResult {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: SessionUser;
}

const INVALID_CREDENTIALS = 'auth.error.invalid_credentials';

/**
 * Signs a staff member in and opens a session. A wrong password, an unknown username and a
 * deactivated account give the same INVALID_CREDENTIALS error after the same scrypt work, so neither
 * message nor timing tells which usernames exist. After `maxFailures` failures for a username within
 * `lockMinutes` (or 4× that from one address) every attempt, even with the right password, is
 * refused with THROTTLED until the window has passed. Every attempt is recorded and audited; the
 * password never is.
 */
export async function logIn(
  ctx: UseCaseContext,
  input: { username: string; password: string },
  loginConfig: LoginConfig,
  sessionConfig: SessionConfig,
): Promise<LogInResult> {
  const username = typeof input.username === 'string' ? input.username : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const missing: FieldProblem[] = [];
  if (!username.trim()) missing.push({ field: 'username', message: 'auth.error.username_required' });
  if (!password) missing.push({ field: 'password', message: 'auth.error.password_required' });
  if (missing.length > 0) throw AppError.validation(missing);

  const db = ctx.database.db;
  // Usernames are at most 32 characters; a longer key cannot match, but is stored bounded.
  const key = usernameKey(username).slice(0, 64);
  const ip = ctx.meta.ip ?? null;
  const now = ctx.now.toISOString();
  const windowStart = new Date(ctx.now.getTime() - loginConfig.lockMinutes * 60_000).toISOString();
  const anonymous: AuditActor = { ...ctx.meta, userId: null, label: 'anonymous' };

  // A successful sign-in clears the username's earlier failures; the address's count is not reset.
  const lastSuccess = await findLastSuccessSince(db, key, windowStart);
  const userFailures = await countRecentFailures(db, { usernameKey: key }, lastSuccess ?? windowStart);
  const ipFailures = ip ? await countRecentFailures(db, { ip }, windowStart) : 0;
  if (
    userFailures >= loginConfig.maxFailures ||
    ipFailures >= loginConfig.maxFailures * IP_FAILURE_MULTIPLIER
  ) {
    await inTransaction(db, async (trx) => {
      await insertLoginAttempt(trx, { usernameKey: key, ip, at: now, succeeded: false });
      await recordAudit(
        trx,
        ctx.database.dialect,
        anonymous,
        { action: 'auth.login_throttled', entityType: 'login', after: { username: key } },
        ctx.now,
      );
    });
    throw new AppError('THROTTLED', 'auth.error.throttled', { params: { minutes: loginConfig.lockMinutes } });
  }

  const user = await findAuthUserByUsername(db, key);
  const isPasswordRight =
    password.length <= MAX_PASSWORD_LENGTH &&
    (user ? await verifyPassword(password, user.password_hash) : await verifyDummyPassword(password));

  if (!user || !isPasswordRight || user.is_active !== 1) {
    await inTransaction(db, async (trx) => {
      await insertLoginAttempt(trx, { usernameKey: key, ip, at: now, succeeded: false });
      await recordAudit(
        trx,
        ctx.database.dialect,
        anonymous,
        {
          action: 'auth.login_failed',
          entityType: 'login',
          orgId: user?.home_org_id ?? null,
          after: { username: key },
        },
        ctx.now,
      );
    });
    throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
  }

  // Stored hashes made with older scrypt parameters are upgraded while the password is at hand.
  const upgradedHash = needsRehash(user.password_hash) ? await hashPassword(password) : null;
  const actor: AuditActor = { ...ctx.meta, userId: user.id, label: user.username };
  const session = await inTransaction(db, async (trx) => {
    await insertLoginAttempt(trx, { usernameKey: key, ip, at: now, succeeded: true });
    await trx
      .updateTable('users')
      .set(upgradedHash ? { last_login_at: now, password_hash: upgradedHash } : { last_login_at: now })
      .where('id', '=', user.id)
      .execute();
    const created = await createSession(
      trx,
      { userId: user.id, ip, userAgent: ctx.meta.userAgent ?? null },
      ctx.now,
      sessionConfig,
    );
    await recordAudit(
      trx,
      ctx.database.dialect,
      actor,
      {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        orgId: user.home_org_id,
        after: { username: user.username },
      },
      ctx.now,
    );
    return created;
  });
  return {
    ...session,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      homeOrgId: user.home_org_id,
      mustChangePassword: user.must_change_password === 1,
    },
  };
}
