import { AppError } from '../errors.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

/**
 * Everything staff can do, by name. A rule says which roles allow an action; a grant on an
 * organisation reaches that organisation and everything below it in the tree (never above, never
 * sideways), so a town's staff can never touch another town's records.
 */
export const ACTIONS = {
  'org.read': ['city_admin', 'org_admin', 'editor', 'reviewer', 'case_handler', 'office_head', 'supervisor'],
  'org.manage': ['city_admin', 'org_admin'],
  'org.create_root': ['city_admin'],
  'user.read': ['city_admin', 'org_admin', 'supervisor'],
  'user.manage': ['city_admin', 'org_admin'],
  'audit.read': ['city_admin', 'org_admin', 'supervisor'],
  'outbox.read': ['city_admin'],
  'catalog.read': ['city_admin', 'org_admin', 'editor', 'reviewer', 'supervisor'],
  'catalog.edit': ['city_admin', 'editor'],
  'catalog.review': ['city_admin', 'reviewer'],
  // Publishing an approved item (now or at a set time) and withdrawing a published one with a reason.
  'catalog.publish': ['city_admin', 'editor', 'reviewer'],
  'catalog.withdraw': ['city_admin', 'reviewer'],
  'request.read': ['city_admin', 'case_handler', 'office_head', 'supervisor'],
  'request.handle': ['city_admin', 'case_handler', 'office_head'],
  'request.approve_extension': ['city_admin', 'office_head'],
  // Full ID and phone numbers: only the handlers of the organisation holding the application (each view audited).
  'request.reveal_identity': ['case_handler', 'office_head'],
  // City-wide answer grounds, letter templates and the 条例第三十五条 threshold.
  'request.configure': ['city_admin'],
  'report.read': ['city_admin', 'org_admin', 'office_head', 'supervisor'],
  'report.edit': ['city_admin', 'org_admin', 'office_head'],
  'report.review': ['city_admin'],
  'supervision.read': ['city_admin', 'supervisor'],
  // Supervision pages of the subtree granted: the city office sees every unit, a unit itself (and below).
  'supervision.units.read': ['city_admin', 'supervisor', 'org_admin', 'office_head'],
  // Thresholds, column rules, assessment weights, quarterly results (generate, review, publish), checks.
  'supervision.manage': ['city_admin'],
  'supervision.review': ['city_admin'],
  // The working-day calendar decides every deadline in the city, so only the city administrator edits it.
  'calendar.manage': ['city_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

const ORG_PATH = /^\/(?:\d+\/)+$/;

/** Whether `path` is a well-formed materialised path: `/1/`, `/1/7/`, … (always ending in `/`). */
export function isOrgPath(path: string): boolean {
  return ORG_PATH.test(path);
}

/**
 * Whether `orgPath` is `scopePath` or lies below it. Paths look like `/1/7/`; the trailing `/` is what
 * keeps a grant on `/1/7/` from reaching `/1/70/`, so a malformed path reaches nothing (fails closed).
 */
export function isWithin(orgPath: string, scopePath: string): boolean {
  return isOrgPath(orgPath) && isOrgPath(scopePath) && orgPath.startsWith(scopePath);
}

export function rolesAllowing(action: Action): readonly Role[] {
  return ACTIONS[action];
}

/** Whether the principal may perform `action` on a record of the organisation at `target.orgPath`. */
export function can(principal: Principal, action: Action, target: { orgPath: string }): boolean {
  if (principal.kind === 'system') return true;
  const allowed: readonly Role[] = ACTIONS[action];
  return principal.grants.some((g) => allowed.includes(g.role) && isWithin(target.orgPath, g.orgPath));
}

/** Throws FORBIDDEN unless `can` holds. */
export function assertCan(principal: Principal, action: Action, target: { orgPath: string }): void {
  if (!can(principal, action, target)) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action, orgPath: target.orgPath } });
  }
}

/**
 * The subtrees where the principal may perform `action`, for filtering lists in SQL:
 * `'all'` for the system, otherwise the minimal set of org paths (no path inside another).
 */
export function scopeOf(principal: Principal, action: Action): 'all' | string[] {
  if (principal.kind === 'system') return 'all';
  const allowed: readonly Role[] = ACTIONS[action];
  const paths = [
    ...new Set(principal.grants.filter((g) => allowed.includes(g.role)).map((g) => g.orgPath)),
  ].sort();
  return paths.filter((p) => !paths.some((other) => other !== p && isWithin(p, other)));
}

/** Roles that reach the whole city: only a city administrator (or the system) may grant or revoke them. */
export const CITY_WIDE_ROLES: readonly Role[] = ['city_admin', 'supervisor'];

function isCityAdminOver(principal: Principal, orgPath: string): boolean {
  return principal.grants.some((g) => g.role === 'city_admin' && isWithin(orgPath, g.orgPath));
}

/**
 * Whether the principal may grant (or revoke) `role` on the organisation at `orgPath`: `user.manage`
 * there, and for city-wide roles a city administrator's grant over that organisation.
 */
export function canGrantRole(principal: Principal, role: Role, orgPath: string): boolean {
  if (principal.kind === 'system') return true;
  if (!can(principal, 'user.manage', { orgPath })) return false;
  return !CITY_WIDE_ROLES.includes(role) || isCityAdminOver(principal, orgPath);
}

/**
 * Whether the principal may change a staff account (details, active flag, password, sessions).
 * `orgPaths` are the account's home organisation and every organisation it holds a grant on: all of
 * them must be within the principal's `user.manage` scope, or a town's administrator could reset the
 * password of a city administrator whose home happens to be that town. An account with no home and
 * no grants is managed by city administrators only.
 */
export function canManageUser(principal: Principal, target: { orgPaths: readonly string[] }): boolean {
  if (principal.kind === 'system') return true;
  if (target.orgPaths.length === 0) {
    return principal.grants.some((g) => g.role === 'city_admin' && /^\/\d+\/$/.test(g.orgPath));
  }
  return target.orgPaths.every((orgPath) => can(principal, 'user.manage', { orgPath }));
}
