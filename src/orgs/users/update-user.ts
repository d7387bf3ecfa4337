import { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { audit } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { assertCan } from '../../platform/auth/permissions.rules.js';
import { revokeAllSessions } from '../../platform/auth/sessions.js';
import {
  assertCanManageUser,
  displayNameSchema,
  emailSchema,
  findUserOrThrow,
  orgCodeSchema,
  parseOrThrow,
  userIdSchema,
} from './user-input.js';
import { findOrgByCode, findOrgById, updateUserRow } from './users.repository.js';

export interface UpdateUserInput {
  userId: number;
  displayName?: string;
  email?: string | null;
  isActive?: boolean;
  /** null removes the home organisation. */
  homeOrgCode?: string | null;
}

const updateUserSchema = z.object({
  userId: userIdSchema,
  displayName: displayNameSchema.optional(),
  email: emailSchema.optional(),
  isActive: z.boolean().optional(),
  homeOrgCode: orgCodeSchema.nullable().optional(),
});

/**
 * Changes an account's details. Needs to be able to manage the account (and, when moving it, the new
 * home organisation). Deactivating ends all of the account's sessions at once; nobody can deactivate
 * their own account. Fields left out stay as they are; an update that changes nothing records nothing.
 */
export async function updateUser(ctx: UseCaseContext, input: UpdateUserInput): Promise<void> {
  const parsed = parseOrThrow(updateUserSchema, input);
  await inTransaction(ctx.database.db, async (trx) => {
    const user = await findUserOrThrow(trx, parsed.userId);
    await assertCanManageUser(trx, ctx.principal, user);

    const changes: Parameters<typeof updateUserRow>[2] = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const note = (field: string, from: unknown, to: unknown) => {
      before[field] = from;
      after[field] = to;
    };
    if (parsed.displayName !== undefined && parsed.displayName !== user.display_name) {
      changes.display_name = parsed.displayName;
      note('displayName', user.display_name, parsed.displayName);
    }
    if (parsed.email !== undefined && parsed.email !== user.email) {
      changes.email = parsed.email;
      note('email', user.email, parsed.email);
    }
    if (parsed.isActive !== undefined && (parsed.isActive ? 1 : 0) !== user.is_active) {
      if (!parsed.isActive && ctx.principal.userId === user.id) {
        throw new AppError('INVALID_STATE', 'users.error.cannot_deactivate_self', {
          fields: [{ field: 'isActive', message: 'users.error.cannot_deactivate_self' }],
        });
      }
      changes.is_active = parsed.isActive ? 1 : 0;
      note('isActive', user.is_active === 1, parsed.isActive);
    }
    if (parsed.homeOrgCode !== undefined) {
      const newHome = parsed.homeOrgCode === null ? null : await findOrgByCode(trx, parsed.homeOrgCode);
      if (newHome === undefined) {
        throw AppError.validation([{ field: 'homeOrgCode', message: 'users.error.unknown_org' }]);
      }
      if ((newHome?.id ?? null) !== user.home_org_id) {
        if (newHome) assertCan(ctx.principal, 'user.manage', { orgPath: newHome.path });
        const oldHome = user.home_org_id === null ? null : await findOrgById(trx, user.home_org_id);
        changes.home_org_id = newHome?.id ?? null;
        note('homeOrgCode', oldHome?.code ?? null, newHome?.code ?? null);
      }
    }
    if (Object.keys(changes).length === 0) return;

    await updateUserRow(trx, user.id, changes, ctx.now.toISOString());
    const revokedSessions = changes.is_active === 0 ? await revokeAllSessions(trx, user.id) : 0;
    await audit(ctx, trx, {
      action: 'user.update',
      entityType: 'user',
      entityId: user.id,
      orgId: changes.home_org_id ?? user.home_org_id,
      before,
      after: revokedSessions > 0 ? { ...after, revokedSessions } : after,
    });
  });
}
