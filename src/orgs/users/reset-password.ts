import { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { audit } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/password.js';
import { revokeAllSessions } from '../../platform/auth/sessions.js';
import { assertCanManageUser, findUserOrThrow, parseOrThrow, userIdSchema } from './user-input.js';
import { updateUserRow } from './users.repository.js';

const resetPasswordSchema = z.object({ userId: userIdSchema, newPassword: z.string() });

/**
 * An administrator sets a new password for an account: the owner must change it at next sign-in and
 * every open session of the account ends. The password is neither logged nor audited.
 */
export async function resetPassword(
  ctx: UseCaseContext,
  input: { userId: number; newPassword: string },
): Promise<void> {
  const parsed = parseOrThrow(resetPasswordSchema, input);
  const db = ctx.database.db;
  const user = await findUserOrThrow(db, parsed.userId);
  await assertCanManageUser(db, ctx.principal, user);
  // One's own password is changed by proving the current one, so a borrowed session cannot take over.
  if (ctx.principal.userId === user.id) {
    throw new AppError('INVALID_STATE', 'users.error.reset_own_password', {
      fields: [{ field: 'userId', message: 'users.error.reset_own_password' }],
    });
  }
  const problems = checkPasswordPolicy(parsed.newPassword, user.username, 'newPassword');
  if (problems.length > 0) throw AppError.validation(problems);
  const passwordHash = await hashPassword(parsed.newPassword);
  await inTransaction(db, async (trx) => {
    await updateUserRow(
      trx,
      user.id,
      { password_hash: passwordHash, must_change_password: 1 },
      ctx.now.toISOString(),
    );
    const revokedSessions = await revokeAllSessions(trx, user.id);
    await audit(ctx, trx, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: user.id,
      orgId: user.home_org_id,
      after: { username: user.username, mustChangePassword: true, revokedSessions },
    });
  });
}
