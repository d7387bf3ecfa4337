import { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { audit } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { revokeAllSessions } from '../../platform/auth/sessions.js';
import { findUserOrThrow, parseOrThrow } from './user-input.js';
import { findPasswordHash, updateUserRow } from './users.repository.js';

const changeOwnPasswordSchema = z.object({
  currentPassword: z.string().min(1, 'auth.error.password_required'),
  newPassword: z.string(),
  /** The session to keep open (the one making the change); every other session of the account ends. */
  currentSessionToken: z.string().optional(),
});

/**
 * A signed-in staff member changes their own password, proving the current one. Clears the
 * must-change flag and ends the account's other sessions.
 */
export async function changeOwnPassword(
  ctx: UseCaseContext,
  input: { currentPassword: string; newPassword: string; currentSessionToken?: string },
): Promise<void> {
  const userId = ctx.principal.kind === 'staff' ? ctx.principal.userId : null;
  if (userId === null) throw new AppError('UNAUTHENTICATED', 'auth.error.sign_in_required');
  const parsed = parseOrThrow(changeOwnPasswordSchema, input);
  const db = ctx.database.db;
  const user = await findUserOrThrow(db, userId);
  const storedHash = (await findPasswordHash(db, userId)) ?? '';
  if (!(await verifyPassword(parsed.currentPassword, storedHash))) {
    throw AppError.validation([{ field: 'currentPassword', message: 'auth.error.current_password_wrong' }]);
  }
  const problems: FieldProblem[] = checkPasswordPolicy(parsed.newPassword, user.username, 'newPassword');
  if (parsed.newPassword === parsed.currentPassword) {
    problems.push({ field: 'newPassword', message: 'auth.password.same_as_current' });
  }
  if (problems.length > 0) throw AppError.validation(problems);
  const passwordHash = await hashPassword(parsed.newPassword);
  await inTransaction(db, async (trx) => {
    await updateUserRow(
      trx,
      userId,
      { password_hash: passwordHash, must_change_password: 0 },
      ctx.now.toISOString(),
    );
    const revokedSessions = await revokeAllSessions(trx, userId, parsed.currentSessionToken);
    await audit(ctx, trx, {
      action: 'user.change_own_password',
      entityType: 'user',
      entityId: userId,
      orgId: user.home_org_id,
      after: { username: user.username, revokedSessions },
    });
  });
}
