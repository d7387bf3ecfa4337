import { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { AppError } from '../../platform/errors.js';
import { isWithin, scopeOf } from '../../platform/auth/permissions.rules.js';
import type { Role } from '../../platform/auth/roles.js';
import { parseOrThrow } from './user-input.js';
import { findOrgByCode, listGrantsOfUsers, listOrgsByIds, searchUsers } from './users.repository.js';

export interface ListUsersInput {
  /** Only users whose home organisation or a grant lies at or below this organisation. */
  orgCode?: string;
  /** Matches username, display name or e-mail (case-insensitive substring). */
  text?: string;
  includeInactive?: boolean;
  limit?: number;
  offset?: number;
}

export interface ListedUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  homeOrg: { id: number; code: string; name: string } | null;
  isActive: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: { orgId: number; orgCode: string; orgName: string; role: Role }[];
}

const listUsersSchema = z.object({
  orgCode: z.string().trim().max(64).optional(),
  text: z.string().trim().max(100, 'users.error.too_long').optional(),
  includeInactive: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).optional(),
  offset: z.number().int().min(0).optional(),
});

/**
 * Staff accounts the principal may see (`user.read`): those whose home organisation or any grant
 * lies within the principal's scope, ordered by username, each with its grants within that scope. A principal with
 * no `user.read` scope gets an empty list.
 */
export async function listUsers(
  ctx: UseCaseContext,
  input: ListUsersInput = {},
): Promise<{ users: ListedUser[]; total: number }> {
  const parsed = parseOrThrow(listUsersSchema, input);
  const db = ctx.database.db;
  let orgPath: string | undefined;
  if (parsed.orgCode) {
    const org = await findOrgByCode(db, parsed.orgCode);
    if (!org) throw AppError.validation([{ field: 'orgCode', message: 'users.error.unknown_org' }]);
    orgPath = org.path;
  }
  const scope = scopeOf(ctx.principal, 'user.read');
  const { rows, total } = await searchUsers(db, {
    scopePaths: scope,
    orgPath,
    text: parsed.text || undefined,
    includeInactive: parsed.includeInactive ?? false,
    limit: parsed.limit ?? 50,
    offset: parsed.offset ?? 0,
  });
  const grants = await listGrantsOfUsers(
    db,
    rows.map((r) => r.id),
  );
  const homeIds = [...new Set(rows.map((r) => r.home_org_id).filter((id): id is number => id !== null))];
  const homes = new Map(
    (await listOrgsByIds(db, homeIds)).map((o) => [o.id, { id: o.id, code: o.code, name: o.name }]),
  );
  // Grants on organisations outside the principal's scope are another organisation's business.
  const visibleGrants = grants.filter(
    (g) => scope === 'all' || scope.some((scopePath) => isWithin(g.org_path, scopePath)),
  );
  return {
    total,
    users: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      email: r.email,
      homeOrg: r.home_org_id === null ? null : (homes.get(r.home_org_id) ?? null),
      isActive: r.is_active === 1,
      mustChangePassword: r.must_change_password === 1,
      lastLoginAt: r.last_login_at,
      createdAt: r.created_at,
      grants: visibleGrants
        .filter((g) => g.user_id === r.id)
        .map((g) => ({ orgId: g.org_id, orgCode: g.org_code, orgName: g.org_name, role: g.role })),
    })),
  };
}
