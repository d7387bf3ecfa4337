import { createHash } from 'node:crypto';
import { sql, type Kysely, type QueryCreator, type RawBuilder } from 'kysely';
import { lockKey, type DialectFeatures } from '../db/dialect.js';
import type { Tx } from '../db/transaction.js';
import type { AuditLogTable } from '../db/tables.js';
import type { DB } from '../../db-schema.js';

/** Who caused a change and from where; every use case receives one. */
export interface AuditActor {
  userId: number | null;
  /** Username, or `system` / `cli:<os user>` for changes not made by a signed-in staff member. */
  label: string;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_LOCK = 'audit_log';

/** The last record of the chain (null while it is empty). */
export type AuditChainHead = { seq: number; hash: string } | null;

/** The CTE that holds the chain's head in a statement appending an `auditRecordReadingHead` record. */
export const AUDIT_HEAD_CTE = 'audit_head';

/**
 * PostgreSQL: the body of the `AUDIT_HEAD_CTE` CTE — takes the chain's lock and reads its head inside
 * the statement, by the function `audit_chain_head_locked` (migration 0019), as one row (`head_seq`,
 * `head_hash`; none while the chain is empty). The function is volatile, so its read takes a snapshot
 * of its own, after the lock: it sees every earlier holder's record, which the statement's own
 * snapshot may not. `after` is a value the call must wait for (the lock order: what the statement
 * locks first, then the chain).
 */
export function selectAuditChainHeadLocked(qb: QueryCreator<DB>, after: RawBuilder<unknown>) {
  return qb
    .selectFrom(
      sql<{
        head_seq: number;
        head_hash: string;
      }>`audit_chain_head_locked(${sql.lit(lockKey(CHAIN_LOCK))}, ${after})`.as('h'),
    )
    .selectAll();
}

/**
 * The chain's head as two values (`audit_head_seq`, `audit_head_hash`) of a statement (SQLite, whose
 * one writer needs no lock: online intake's reference update); `auditChainHeadOf` reads them back.
 */
export function auditChainHeadSelection() {
  return [
    sql<number | null>`(select seq from audit_log order by seq desc limit 1)`.as('audit_head_seq'),
    sql<string | null>`(select hash from audit_log order by seq desc limit 1)`.as('audit_head_hash'),
  ] as const;
}

export function auditChainHeadOf(row: {
  audit_head_seq: number | string | null;
  audit_head_hash: string | null;
}): AuditChainHead {
  return row.audit_head_seq === null || row.audit_head_hash === null
    ? null
    : { seq: Number(row.audit_head_seq), hash: row.audit_head_hash };
}

/** JSON with object keys sorted, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}

type HashedFields = Omit<AuditLogTable, 'hash' | 'seq'> & { seq: number };

/** The hash of one record: it covers every column and the previous record's hash. */
export function computeAuditHash(row: HashedFields): string {
  const material = canonicalJson([row.seq, row.prev_hash, ...recordMaterial(row)]);
  return createHash('sha256').update(material).digest('hex');
}

type RecordFields = Omit<HashedFields, 'seq' | 'prev_hash'>;

/** The hashed columns after `seq` and `prev_hash`, in their order in the material. */
function recordMaterial(row: RecordFields): unknown[] {
  return [
    row.at,
    row.actor_user_id,
    row.actor_label,
    row.action,
    row.entity_type,
    row.entity_id,
    row.org_id,
    row.before_json,
    row.after_json,
    row.ip,
    row.user_agent,
    row.request_id,
  ];
}

/**
 * Appends one record to the hash-chained audit log. Must be called inside the transaction that makes
 * the change, so the change and its record commit or roll back together.
 *
 * It takes the chain's lock (held until commit) and reads the head. `options.head`: the caller read
 * the head itself in a statement of its own (`auditChainHeadSelection`, SQLite, whose one writer needs
 * no lock) and passes it; nothing else may append in between.
 */
export async function recordAudit(
  trx: Tx,
  dialect: DialectFeatures,
  actor: AuditActor,
  entry: AuditEntry,
  now: Date,
  options: { head?: AuditChainHead } = {},
): Promise<number> {
  let last: AuditChainHead | undefined = options.head;
  if (last === undefined) {
    await dialect.lockForAppend(trx as unknown as Kysely<unknown>, CHAIN_LOCK);
    last =
      (await trx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst()) ?? null;
  }
  const fields: HashedFields = {
    seq: (last?.seq ?? 0) + 1,
    prev_hash: last?.hash ?? GENESIS_HASH,
    ...recordFields(actor, entry, now),
  };
  await trx
    .insertInto('audit_log')
    .values({ ...fields, hash: computeAuditHash(fields) })
    .execute();
  return fields.seq;
}

function recordFields(actor: AuditActor, entry: AuditEntry, now: Date): RecordFields {
  return {
    at: now.toISOString(),
    actor_user_id: actor.userId,
    actor_label: actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    org_id: entry.orgId ?? null,
    before_json: entry.before === undefined ? null : canonicalJson(entry.before),
    after_json: entry.after === undefined ? null : canonicalJson(entry.after),
    ip: actor.ip ?? null,
    user_agent: actor.userAgent ?? null,
    request_id: actor.requestId ?? null,
  };
}

/**
 * The values of an audit record that links itself to the chain inside the statement that inserts it
 * (PostgreSQL): `seq`, `prev_hash` and `hash` read the chain's head and hash on the server — sha256 over
 * exactly `computeAuditHash`'s material, whose part after the head is built here — so a caller can
 * insert the record in the same statement as its own change (one round trip instead of a head read
 * and an insert). The statement takes the chain's lock and reads its head in its CTE `AUDIT_HEAD_CTE`
 * (`selectAuditChainHeadLocked`).
 */
export function auditRecordReadingHead(
  actor: AuditActor,
  entry: AuditEntry,
  now: Date,
  options: {
    /**
     * A value known only to the statement: each occurrence of `text` in `after_json` (and so in the
     * hashed material) is replaced there by `by`. Both must be written alike in JSON and as a JSON
     * string inside JSON (no quote, backslash or control character), which this checks for `text`.
     */
    substitute?: { text: string; by: RawBuilder<string> };
  } = {},
) {
  const { substitute } = options;
  const fields = recordFields(actor, entry, now);
  if (substitute && !/^[A-Za-z0-9:._-]+$/.test(substitute.text)) {
    throw new Error('auditRecordReadingHead: the text to substitute must need no JSON escaping');
  }
  const replaced = (text: string) =>
    substitute ? sql<string>`replace(${text}, ${substitute.text}, ${substitute.by})` : sql<string>`${text}`;
  // canonicalJson([seq, prev_hash, ...rest]) is '[' + seq + ',"' + prev_hash + '",' + the text of
  // canonicalJson(rest) after its '[': each element is written the same wherever it stands.
  const rest = replaced(canonicalJson(recordMaterial(fields)).slice(1));
  const head = sql.table(AUDIT_HEAD_CTE);
  const nextSeq = sql<number>`(coalesce((select head_seq from ${head}), 0) + 1)`;
  const prevHash = sql<string>`coalesce((select head_hash from ${head}), ${GENESIS_HASH})`;
  return {
    ...fields,
    after_json: fields.after_json === null ? null : replaced(fields.after_json),
    seq: nextSeq,
    prev_hash: prevHash,
    hash: sql<string>`encode(sha256(convert_to('[' || ${nextSeq} || ',"' || ${prevHash} || '",' || ${rest}, 'UTF8')), 'hex')`,
  };
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  problems: { seq: number; problem: 'hash_mismatch' | 'broken_link' | 'missing_rows' }[];
}

/**
 * Walks the whole chain in order. An edited row fails its own hash; a deleted row leaves a gap in
 * `seq` and breaks the next row's link. Reads in pages so a long log does not fill memory.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<AuditVerification> {
  const problems: AuditVerification['problems'] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let head: AuditVerification['head'] = null;
  const PAGE = 1000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expectedSeq) problems.push({ seq: row.seq, problem: 'missing_rows' });
      if (row.prev_hash !== prevHash) problems.push({ seq: row.seq, problem: 'broken_link' });
      const { hash, ...rest } = row;
      if (computeAuditHash(rest) !== hash) problems.push({ seq: row.seq, problem: 'hash_mismatch' });
      prevHash = hash;
      expectedSeq = row.seq + 1;
      checked++;
      head = { seq: row.seq, hash };
    }
    if (rows.length < PAGE) break;
  }
  return { ok: problems.length === 0, checked, head, problems };
}
