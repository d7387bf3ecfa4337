import { can, scopeOf } from '../platform/auth/permissions.rules.js';
import type { Principal } from '../platform/auth/principal.js';
import { AppError } from '../platform/errors.js';

/**
 * Who sees which organisations' supervision figures (`supervision.units.read`): the city office (city
 * administrators and supervisors granted on the city) every unit, a unit's administrator or office
 * head that unit and what lies below it.
 */
export function supervisionScope(principal: Principal): 'all' | string[] {
  return scopeOf(principal, 'supervision.units.read');
}

export function hasSupervisionScope(principal: Principal): boolean {
  const scope = supervisionScope(principal);
  return scope === 'all' || scope.length > 0;
}

export function canReadSupervisionOf(principal: Principal, orgPath: string): boolean {
  return can(principal, 'supervision.units.read', { orgPath });
}

export function assertCanReadSupervisionOf(principal: Principal, orgPath: string): void {
  if (!canReadSupervisionOf(principal, orgPath)) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', {
      params: { action: 'supervision.units.read', orgPath },
    });
  }
}

export function assertSupervisionScope(principal: Principal): void {
  if (!hasSupervisionScope(principal)) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'supervision.units.read' } });
  }
}
