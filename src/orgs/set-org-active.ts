import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { parseInput, presentOrg, type OrgView } from './org-input.js';
import { countActiveChildren, findOrgByCode, findOrgById, updateOrgRow } from './orgs.repository.js';

export const setOrgActiveInput = z.object({ code: z.string(), active: z.boolean() });
export type SetOrgActiveInput = z.input<typeof setOrgActiveInput>;

/**
 * Deactivates or reactivates an organisation. Organisations are never deleted: catalog items,
 * applications and annual reports keep referring to them. Deactivation is refused while active
 * organisations sit below (deactivate those first, or move them), and for the root; reactivation is
 * refused under an inactive parent. Doing what is already done changes nothing and writes no record.
 */
export async function setOrgActive(ctx: UseCaseContext, input: SetOrgActiveInput): Promise<OrgView> {
  const { code, active } = parseInput(setOrgActiveInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgByCode(trx, code.trim());
    if (!org) throw new AppError('NOT_FOUND', `No organisation ${code}`, { params: { code } });
    assertCan(ctx.principal, 'org.manage', { orgPath: org.path });
    if ((org.is_active === 1) === active) return presentOrg(org);

    if (!active) {
      if (org.parent_id === null) {
        throw new AppError('INVALID_STATE', 'The root organisation cannot be deactivated', {
          fields: [{ field: 'active', message: 'orgs.error.root_cannot_deactivate' }],
        });
      }
      if ((await countActiveChildren(trx, org.id)) > 0) {
        throw new AppError('INVALID_STATE', `Organisation ${code} has active organisations below it`, {
          fields: [{ field: 'active', message: 'orgs.error.has_active_children' }],
        });
      }
    } else if (org.parent_id !== null) {
      const parent = await findOrgById(trx, org.parent_id);
      if (parent && parent.is_active !== 1) {
        throw new AppError('INVALID_STATE', `The parent of ${code} is inactive`, {
          fields: [{ field: 'active', message: 'orgs.error.parent_inactive' }],
        });
      }
    }

    await updateOrgRow(trx, org.id, { is_active: active ? 1 : 0, updated_at: ctx.now.toISOString() });
    await audit(ctx, trx, {
      action: active ? 'org.reactivate' : 'org.deactivate',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      before: { isActive: !active },
      after: { isActive: active },
    });
    return { ...presentOrg(org), isActive: active };
  });
}
