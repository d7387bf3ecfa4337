import { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { audit } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { canGrantRole } from '../../platform/auth/permissions.rules.js';
import { ROLES, type Role } from '../../platform/auth/roles.js';
import { findUserOrThrow, orgCodeSchema, parseOrThrow, userIdSchema } from './user-input.js';
import { findGrant, findOrgByCode, insertGrant, type OrgRef } from './users.repository.js';
import type { Queryable } from '../../platform/db/transaction.js';

export interface RoleGrantInput {
  userId: number;
  orgCode: string;
  role: Role;
}

export const roleGrantSchema = z.object({
  userId: userIdSchema,
  orgCode: orgCodeSchema,
  role: z.enum(ROLES, 'users.error.unknown_role'),
});

export async function findOrgOrThrow(db: Queryable, orgCode: string): Promise<OrgRef> {
  const org = await findOrgByCode(db, orgCode);
  if (!org) throw AppError.validation([{ field: 'orgCode', message: 'users.error.unknown_org' }]);
  return org;
}

/** FORBIDDEN unless the principal may grant or revoke `role` on `org` (see `canGrantRole`). */
export function assertCanGrant(ctx: UseCaseContext, role: Role, org: OrgRef): void {
  if (!canGrantRole(ctx.principal, role, org.path)) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'user.manage', role } });
  }
}

/**
 * Grants `role` on an organisation (reaching everything below it). The granter needs `user.manage`
 * there; city-wide roles (city_admin, supervisor) need a city administrator. Granting a role the user
 * already holds changes nothing and records nothing.
 */
export async function grantRole(ctx: UseCaseContext, input: RoleGrantInput): Promise<void> {
  const parsed = parseOrThrow(roleGrantSchema, input);
  await inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgOrThrow(trx, parsed.orgCode);
    assertCanGrant(ctx, parsed.role, org);
    const user = await findUserOrThrow(trx, parsed.userId);
    const key = { userId: user.id, orgId: org.id, role: parsed.role };
    if (await findGrant(trx, key)) return;
    await insertGrant(trx, { ...key, grantedBy: ctx.principal.userId, now: ctx.now.toISOString() });
    await audit(ctx, trx, {
      action: 'user.grant_role',
      entityType: 'user',
      entityId: user.id,
      orgId: org.id,
      after: { username: user.username, orgCode: org.code, role: parsed.role },
    });
  });
}
