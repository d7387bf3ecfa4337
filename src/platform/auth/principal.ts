import type { Role } from './roles.js';
import type { AuditActor } from '../audit/audit.js';

export interface Grant {
  orgId: number;
  /** The granted organisation's materialised path (`/1/7/`): the grant reaches every path under it. */
  orgPath: string;
  role: Role;
}

/**
 * Whoever is acting: a signed-in staff member, the system itself (CLI, jobs, demo loader), or nobody
 * yet (a visitor, or someone signing in), who holds no grants and so may do nothing protected.
 */
export interface Principal {
  kind: 'staff' | 'system' | 'anonymous';
  userId: number | null;
  username: string;
  grants: readonly Grant[];
}

/** The CLI and background jobs act as the system; the audit log records them as such. */
export function systemPrincipal(label = 'system'): Principal {
  return { kind: 'system', userId: null, username: label, grants: [] };
}

/** A visitor who has not signed in: no grants, so every permission check fails. */
export function anonymousPrincipal(): Principal {
  return { kind: 'anonymous', userId: null, username: 'anonymous', grants: [] };
}

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export function auditActorOf(principal: Principal, meta: RequestMeta = {}): AuditActor {
  return {
    userId: principal.userId,
    label: principal.username,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    requestId: meta.requestId ?? null,
  };
}
