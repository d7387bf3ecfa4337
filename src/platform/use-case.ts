import type { Database } from './db/database.js';
import type { Principal, RequestMeta } from './auth/principal.js';
import { auditActorOf } from './auth/principal.js';
import {
  auditRecordReadingHead,
  recordAudit,
  type AuditChainHead,
  type AuditEntry,
} from './audit/audit.js';
import type { Tx } from './db/transaction.js';

/**
 * What every use case receives besides its own input: the database, who is acting, from where,
 * and the current instant. HTTP handlers, the CLI and jobs build one each and call the same function.
 */
export interface UseCaseContext {
  database: Database;
  principal: Principal;
  meta: RequestMeta;
  now: Date;
}

/** Records an audit entry for `ctx`'s actor inside `trx` (the change's own transaction). */
export function audit(
  ctx: UseCaseContext,
  trx: Tx,
  entry: AuditEntry,
  options: { head?: AuditChainHead } = {},
): Promise<number> {
  return recordAudit(
    trx,
    ctx.database.dialect,
    auditActorOf(ctx.principal, ctx.meta),
    entry,
    ctx.now,
    options,
  );
}

/**
 * `ctx`'s audit record as values that link it to the chain in the statement inserting it
 * (PostgreSQL; see `auditRecordReadingHead`).
 */
export function auditRecordReadingHeadOf(
  ctx: UseCaseContext,
  entry: AuditEntry,
  options?: Parameters<typeof auditRecordReadingHead>[3],
) {
  return auditRecordReadingHead(auditActorOf(ctx.principal, ctx.meta), entry, ctx.now, options);
}
