import type { Context } from 'hono';
import type { AppEnv, StaffSession } from '../../platform/http/env.js';
import { requestMetaOf } from '../../platform/http/request-meta.js';
import { AppError } from '../../platform/errors.js';
import type { UseCaseContext } from '../../platform/use-case.js';

export type StaffContext = Context<AppEnv>;

export { requestMetaOf };

/** The signed-in staff member; the session middleware guarantees one on every /staff route but login. */
export function requireStaff(c: StaffContext): StaffSession {
  const staff = c.var.staff;
  if (!staff) throw new AppError('UNAUTHENTICATED', 'Not signed in');
  return staff;
}

/** What every use case called from a staff page receives: who, from where, and now. */
export function useCaseContextOf(c: StaffContext): UseCaseContext {
  const staff = requireStaff(c);
  return {
    database: c.var.deps.database,
    principal: staff.principal,
    meta: requestMetaOf(c),
    now: c.var.deps.clock.now(),
  };
}
