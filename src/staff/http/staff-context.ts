import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv, StaffSession } from '../../platform/http/env.js';
import { clientIp } from '../../platform/http/app.js';
import { AppError } from '../../platform/errors.js';
import type { RequestMeta } from '../../platform/auth/principal.js';
import type { UseCaseContext } from '../../platform/use-case.js';

export type StaffContext = Context<AppEnv>;

/** The socket's address when served by @hono/node-server; absent under `app.request` in tests. */
function socketAddress(c: StaffContext): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** Where a request came from, for sessions, throttling and audit records. */
export function requestMetaOf(c: StaffContext): RequestMeta {
  return {
    ip: clientIp(c, c.var.deps.config.trustProxy, socketAddress(c)),
    userAgent: c.req.header('user-agent') ?? null,
    requestId: c.var.requestId,
  };
}

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
