import type { UseCaseContext } from '../../platform/use-case.js';
import { audit } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { assertCanGrant, findOrgOrThrow, roleGrantSchema, type RoleGrantInput } from './grant-role.js';
import { findUserOrThrow, parseOrThrow } from './user-input.js';
import { countActiveHoldersOver, deleteGrant, findGrant } from './users.repository.js';

/**
 * Revokes a grant; the same permission as granting it. Revoking a grant that does not exist changes
 * nothing. The last active city administrator of a root organisation cannot be revoked, so the city
 * is never left without someone able to manage it.
 */
export async function revokeRole(ctx: UseCaseContext, input: RoleGrantInput): Promise<void> {
  const parsed = parseOrThrow(roleGrantSchema, input);
  await inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgOrThrow(trx, parsed.orgCode);
    assertCanGrant(ctx, parsed.role, org);
    const user = await findUserOrThrow(trx, parsed.userId);
    const grant = await findGrant(trx, { userId: user.id, orgId: org.id, role: parsed.role });
    if (!grant) return;
    if (parsed.role === 'city_admin' && user.is_active === 1) {
      const holders = await countActiveHoldersOver(trx, 'city_admin', org.path);
      if (holders <= 1) {
        throw new AppError('INVALID_STATE', 'users.error.last_city_admin', {
          fields: [{ field: 'role', message: 'users.error.last_city_admin' }],
        });
      }
    }
    await deleteGrant(trx, grant.id);
    await audit(ctx, trx, {
      action: 'user.revoke_role',
      entityType: 'user',
      entityId: user.id,
      orgId: org.id,
      before: { username: user.username, orgCode: org.code, role: parsed.role },
    });
  });
}
