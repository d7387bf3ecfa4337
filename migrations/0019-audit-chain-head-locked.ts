import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * PostgreSQL online intake (docs/decisions.md, "Online intake on PostgreSQL"): one statement takes
 * the year's reference number, the audit chain's lock and the chain's head, and appends the record
 * (src/requests/requests.repository.ts, `numberApplicationAppendingAudit`). A statement's own reads
 * use the snapshot taken when it started, which may predate the wait for the lock and miss the record
 * the previous holder committed; a volatile function's query takes a snapshot of its own when it
 * runs. `audit_chain_head_locked(lock_key, after)` takes the advisory lock (the key of
 * `lockForAppend('audit_log')`), then reads the head. `after` is only there to be waited for: passing
 * a value of the statement's counter upsert makes the call come after the counter row is locked.
 * SQLite: nothing (one writer).
 */
export const auditChainHeadLocked: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect.kind !== 'postgres') return;
    await sql`
      create or replace function audit_chain_head_locked(lock_key bigint, after anyelement)
      returns table (head_seq bigint, head_hash text)
      language plpgsql volatile
      as $$
      begin
        perform pg_advisory_xact_lock(lock_key);
        return query select a.seq::bigint, a.hash from audit_log a order by a.seq desc limit 1;
      end
      $$`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind !== 'postgres') return;
    await sql`drop function if exists audit_chain_head_locked(bigint, anyelement)`.execute(db);
  },
});
