import type { UseCaseContext } from '../use-case.js';
import { audit } from '../use-case.js';
import { inTransaction } from '../db/transaction.js';
import { AppError } from '../errors.js';
import { canManageUser } from './permissions.rules.js';
import { findAuthUserById, listOrgPathsOfUser } from './auth.repository.js';
import { revokeAllSessions, revokeSession } from './sessions.js';

/** Ends the session of `token`. An unknown or already ended session changes nothing. */
export async function logOut(ctx: UseCaseContext, token: string): Promise<void> {
  await inTransaction(ctx.database.db, async (trx) => {
    const ended = await revokeSession(trx, token);
    if (!ended) return;
    await audit(ctx, trx, { action: 'auth.logout', entityType: 'user', entityId: ended.userId });
  });
}

/**
 * Ends every session of the user ("log out everywhere"). Anyone may do it for their own account;
 * for another account the principal must be able to manage that account. Returns how many ended.
 */
export async function logOutEverywhere(ctx: UseCaseContext, userId: number): Promise<{ revoked: number }> {
  return inTransaction(ctx.database.db, async (trx) => {
    const user = await findAuthUserById(trx, userId);
    if (!user) {
      throw new AppError('NOT_FOUND', 'users.error.unknown_user', {
        fields: [{ field: 'userId', message: 'users.error.unknown_user' }],
      });
    }
    const isOwnAccount = ctx.principal.kind === 'staff' && ctx.principal.userId === user.id;
    if (!isOwnAccount && !canManageUser(ctx.principal, { orgPaths: await listOrgPathsOfUser(trx, user) })) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'user.manage' } });
    }
    const revoked = await revokeAllSessions(trx, user.id);
    await audit(ctx, trx, {
      action: 'auth.logout_everywhere',
      entityType: 'user',
      entityId: user.id,
      orgId: user.home_org_id,
      after: { username: user.username, sessions: revoked },
    });
    return { revoked };
  });
}
