import { can, isWithin, scopeOf, type Action } from '../../platform/auth/permissions.rules.js';
import type { Principal } from '../../platform/auth/principal.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { listAllOrgs, type Org } from '../../orgs/orgs.repository.js';
import { AppError } from '../../platform/errors.js';

/** Every organisation (active or not) within the principal's scope for `action`. */
export async function listOrgsInScope(db: Queryable, principal: Principal, action: Action): Promise<Org[]> {
  const scope = scopeOf(principal, action);
  if (scope !== 'all' && scope.length === 0) return [];
  const all = await listAllOrgs(db, { includeInactive: true });
  if (scope === 'all') return all;
  return all.filter((o) => scope.some((p) => isWithin(o.path, p)));
}

/** Active organisations where the principal may perform `action`, for choices in forms. */
export async function listOrgChoices(db: Queryable, principal: Principal, action: Action): Promise<Org[]> {
  const orgs = await listOrgsInScope(db, principal, action);
  return orgs
    .filter((o) => o.is_active === 1 && can(principal, action, { orgPath: o.path }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Whether the principal holds a city administrator's grant on a root organisation: the city-wide
 * duties (verifying the audit chain) that no subtree grant should reach.
 */
export function isCityAdmin(principal: Principal): boolean {
  if (principal.kind === 'system') return true;
  return principal.grants.some((g) => g.role === 'city_admin' && /^\/\d+\/$/.test(g.orgPath));
}

/** Whether the principal reads `action` at a root organisation, i.e. city-wide. */
export function isCityWide(principal: Principal, action: Action): boolean {
  const scope = scopeOf(principal, action);
  return scope === 'all' || scope.some((p) => /^\/\d+\/$/.test(p));
}

/** FORBIDDEN unless the principal may perform `action` somewhere (pages that are lists of a scope). */
export function assertAnyScope(principal: Principal, action: Action): void {
  const scope = scopeOf(principal, action);
  if (scope !== 'all' && scope.length === 0) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action } });
  }
}
