import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import {
  AUDIT_HEAD_CTE,
  auditRecordReadingHead,
  recordAudit,
  selectAuditChainHeadLocked,
  verifyAuditChain,
  GENESIS_HASH,
} from './audit.js';

describe('audit log hash chain', () => {
  let t: TestDatabase;
  const actor = { userId: null, label: 'system', ip: '127.0.0.1' };
  const now = new Date('2026-01-05T02:00:00Z');

  before(async () => {
    t = await createTestDatabase();
    const { db } = t.database;
    for (let i = 1; i <= 5; i++) {
      await db
        .transaction()
        .execute((trx) =>
          recordAudit(
            trx,
            t.database.dialect,
            actor,
            { action: 'test.change', entityType: 'thing', entityId: i, after: { n: i } },
            now,
          ),
        );
    }
  });
  after(() => t.cleanup());

  it('links each record to the previous one from the genesis hash', async () => {
    const rows = await t.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    assert.equal(rows.length, 5);
    assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
    const result = await verifyAuditChain(t.database.db);
    assert.deepEqual(result, { ok: true, checked: 5, head: { seq: 5, hash: rows[4]!.hash }, problems: [] });
  });

  it('rolls the record back with the change when the transaction fails', async () => {
    await assert.rejects(
      t.database.db.transaction().execute(async (trx) => {
        await recordAudit(
          trx,
          t.database.dialect,
          actor,
          { action: 'test.rollback', entityType: 'thing' },
          now,
        );
        throw new Error('boom');
      }),
      /boom/,
    );
    const count = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 5);
  });

  it('detects an edited row', async () => {
    await sql`update audit_log set after_json = '{"n":99}' where seq = 3`.execute(t.database.db);
    const result = await verifyAuditChain(t.database.db);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [{ seq: 3, problem: 'hash_mismatch' }]);
    await sql`update audit_log set after_json = '{"n":3}' where seq = 3`.execute(t.database.db);
    assert.equal((await verifyAuditChain(t.database.db)).ok, true);
  });

  it('detects a deleted row', async () => {
    await sql`delete from audit_log where seq = 2`.execute(t.database.db);
    const result = await verifyAuditChain(t.database.db);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [
      { seq: 3, problem: 'missing_rows' },
      { seq: 3, problem: 'broken_link' },
    ]);
  });
});

describe('audit records hashed on the server (PostgreSQL, auditRecordReadingHead)', () => {
  it('hash exactly as computeAuditHash, from the genesis on and between records hashed here', async (t) => {
    const test = await createTestDatabase();
    try {
      if (test.database.dialect.kind !== 'postgres') {
        t.skip('PostgreSQL only: SQLite has no sha256 and always hashes in the application');
        return;
      }
      const { db, dialect } = test.database;
      const actor = { userId: null, label: 'applicant', ip: '198.51.100.7', userAgent: 'Mozilla/5.0 "x"' };
      const now = new Date('2026-03-02T02:00:00.123Z');
      const appendOnServer = (after: unknown, entityId: number | null) =>
        db.transaction().execute(async (trx) => {
          await trx
            .with(AUDIT_HEAD_CTE, (qb) => selectAuditChainHeadLocked(qb, sql`null::int`))
            .insertInto('audit_log')
            .values(auditRecordReadingHead(actor, { action: 'test.server', entityType: 'thing', entityId, after }, now))
            .execute();
        });
      // The very first record links to the genesis hash.
      await appendOnServer({ reference: '依申请-2026-000001', note: '引号" 反斜杠\\ 换行\n \u2028 😀', n: 1.5 }, 1);
      await db
        .transaction()
        .execute((trx) =>
          recordAudit(trx, dialect, actor, { action: 'test.node', entityType: 'thing', before: { a: [1, null] } }, now),
        );
      await appendOnServer({ z: 1, a: { c: true, b: null } }, null);
      await appendOnServer(undefined, 4);
      const rows = await db.selectFrom('audit_log').select(['seq', 'prev_hash']).orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => r.seq),
        [1, 2, 3, 4],
      );
      assert.equal(rows[0]!.prev_hash, GENESIS_HASH);
      const verified = await verifyAuditChain(db);
      assert.deepEqual(verified.problems, []);
      assert.equal(verified.ok, true);
      assert.equal(verified.checked, 4);
    } finally {
      await test.cleanup();
    }
  });
});
