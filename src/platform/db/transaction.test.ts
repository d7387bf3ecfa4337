import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { executeAndCommit, inGroupedTransaction, inTransaction } from './transaction.js';
import { createTestDatabase } from '../../../test/support/test-db.js';

describe('group commit (inGroupedTransaction)', () => {
  it('runs concurrent units in shared transactions, each rolled back alone when it fails', async () => {
    const t = await createTestDatabase();
    try {
      const { db } = t.database;
      await sql`create table gc_rows (id integer primary key, label text not null unique)`.execute(db);
      const txids: string[] = [];
      const insert = (n: number, label = `row ${n}`) =>
        inGroupedTransaction(db, async (trx) => {
          // Which transaction carried the unit (PostgreSQL tells; SQLite has no transaction ids).
          await sql`insert into gc_rows (id, label) values (${n}, ${label})`.execute(trx);
          if (t.database.dialect.kind === 'postgres') {
            const { rows } = await sql<{ x: string }>`select txid_current()::text as x`.execute(trx);
            txids.push(rows[0]!.x);
          }
          if (n % 5 === 0) throw new Error(`unit ${n} refuses`);
          return n * 10;
        });
      // 20 at once; unit 5, 10, 15, 20 throw after inserting; unit 21 breaks the unique label.
      const results = await Promise.allSettled([
        ...Array.from({ length: 20 }, (_, i) => insert(i + 1)),
        insert(21, 'row 1'),
      ]);
      results.forEach((r, i) => {
        const n = i + 1;
        if (n % 5 === 0) {
          assert.equal(r.status, 'rejected');
          assert.match(String(r.reason), new RegExp(`unit ${n} refuses`));
        } else if (n === 21) {
          assert.equal(r.status, 'rejected', 'the duplicate label fails its own unit only');
        } else {
          assert.deepEqual(r, { status: 'fulfilled', value: n * 10 });
        }
      });
      const stored = await sql<{ id: number }>`select id from gc_rows order by id`.execute(db);
      assert.deepEqual(
        stored.rows.map((r) => Number(r.id)),
        Array.from({ length: 20 }, (_, i) => i + 1).filter((n) => n % 5 !== 0),
      );
      if (t.database.dialect.kind === 'postgres') {
        // The first ran alone; the 20 that queued behind it shared far fewer transactions.
        assert.ok(
          new Set(txids).size < txids.length,
          `transactions: ${new Set(txids).size} for ${txids.length}`,
        );
      }
    } finally {
      await t.cleanup();
    }
  });

  it('answers only after the commit: a unit’s rows are visible to the next statement', async () => {
    const t = await createTestDatabase();
    try {
      const { db } = t.database;
      await sql`create table gc_seen (id integer primary key)`.execute(db);
      const ids = await Promise.all(
        [1, 2, 3].map((n) =>
          inGroupedTransaction(db, async (trx) => {
            await sql`insert into gc_seen (id) values (${n})`.execute(trx);
            return n;
          }),
        ),
      );
      for (const n of ids) {
        const { rows } = await sql<{ c: number }>`select count(*) as c from gc_seen where id = ${n}`.execute(
          db,
        );
        assert.equal(Number(rows[0]!.c), 1);
      }
    } finally {
      await t.cleanup();
    }
  });

  it('inside an open transaction it simply joins it', async () => {
    const t = await createTestDatabase();
    try {
      const { db } = t.database;
      await sql`create table gc_nested (id integer primary key)`.execute(db);
      await assert.rejects(
        inTransaction(db, async (trx) => {
          await inGroupedTransaction(trx, async (inner) => {
            await sql`insert into gc_nested (id) values (1)`.execute(inner);
          });
          throw new Error('outer fails');
        }),
        /outer fails/,
      );
      const { rows } = await sql<{ c: number }>`select count(*) as c from gc_nested`.execute(db);
      assert.equal(Number(rows[0]!.c), 0, 'rolled back with the outer transaction');
    } finally {
      await t.cleanup();
    }
  });
});

describe('transactions on a tuned PostgreSQL connection (BEGIN sent with the first statement)', () => {
  it('keeps every statement inside its transaction, whatever the first statement is', async (t) => {
    const test = await createTestDatabase();
    try {
      if (test.database.dialect.kind !== 'postgres') {
        t.skip('PostgreSQL only: SQLite has no round trips to save');
        return;
      }
      const { db } = test.database;
      await sql`create table tx_rows (id integer primary key)`.execute(db);
      const ids = async () =>
        (await sql<{ id: number }>`select id from tx_rows order by id`.execute(db)).rows.map((r) => r.id);
      const failing = (first: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<unknown>) =>
        assert.rejects(
          inTransaction(db, async (trx) => {
            await first(trx);
            await sql`insert into tx_rows (id) values (${99})`.execute(trx);
            throw new Error('undo');
          }),
          /undo/,
        );

      // First statement without parameters (BEGIN in the same message), then one with: both undone.
      await failing((trx) => sql`insert into tx_rows (id) values (1)`.execute(trx));
      // First statement with parameters (BEGIN just before it): undone too.
      await failing((trx) => sql`insert into tx_rows (id) values (${2})`.execute(trx));
      // The advisory lock that opens an intake transaction: held until the end, then released.
      await failing((trx) => test.database.dialect.lockForAppend(trx as never, 'tx-test'));
      assert.deepEqual(await ids(), []);

      // A transaction that runs nothing leaves no transaction open on the connection: the next
      // statement outside any transaction is committed on its own.
      await inTransaction(db, () => Promise.resolve('nothing'));
      await sql`insert into tx_rows (id) values (3)`.execute(db);
      // A failing first statement rolls back cleanly, and the connection stays usable.
      await assert.rejects(
        inTransaction(db, async (trx) => {
          await sql`insert into tx_rows (id) values (3)`.execute(trx);
        }),
        /duplicate key/,
      );
      await inTransaction(db, async (trx) => {
        await sql`insert into tx_rows (id) values (${4})`.execute(trx);
      });
      assert.deepEqual(await ids(), [3, 4]);
    } finally {
      await test.cleanup();
    }
  });
});

describe('executeAndCommit (the last statements and COMMIT queued together)', () => {
  it('runs the statements in order, returns their rows and leaves the work committed', async () => {
    const test = await createTestDatabase();
    try {
      const { db } = test.database;
      const kind = test.database.dialect.kind;
      await sql`create table ec_rows (id integer primary key, label text not null)`.execute(db);
      const label = `it's a "quote" \\ back\\slash, 中文 and ${'$'}1`;
      const seen = await inTransaction(db, async (trx) => {
        await sql`insert into ec_rows (id, label) values (${1}, ${'first'})`.execute(trx);
        const [inserted, read] = await executeAndCommit(trx, kind, [
          trx.insertInto('ec_rows' as never).values({ id: 2, label } as never).returning('id' as never),
          trx.selectFrom('ec_rows' as never).select(['id', 'label'] as never).orderBy('id' as never),
        ]);
        return { inserted, read };
      });
      assert.deepEqual(seen.inserted, [{ id: 2 }]);
      assert.deepEqual(seen.read, [
        { id: 1, label: 'first' },
        { id: 2, label },
      ]);
      const rows = await sql<{ id: number; label: string }>`select id, label from ec_rows order by id`.execute(db);
      assert.deepEqual(rows.rows, [
        { id: 1, label: 'first' },
        { id: 2, label },
      ]);
    } finally {
      await test.cleanup();
    }
  });

  it('on PostgreSQL commits before it returns: visible to others at once, nothing may follow, a failure commits nothing', async (t) => {
    const test = await createTestDatabase();
    try {
      if (test.database.dialect.kind !== 'postgres') {
        t.skip('PostgreSQL only: on SQLite the statements simply run in the transaction');
        return;
      }
      const { db } = test.database;
      await sql`create table ec_pg (id integer primary key)`.execute(db);
      const ids = async () =>
        (await sql<{ id: number }>`select id from ec_pg order by id`.execute(db)).rows.map((r) => r.id);
      const insert = (trx: Parameters<Parameters<typeof inTransaction>[1]>[0], id: number) =>
        trx.insertInto('ec_pg' as never).values({ id });

      // Committed when it returns: another connection sees the rows before the transaction's work ends.
      await inTransaction(db, async (trx) => {
        await insert(trx, 1).execute();
        await executeAndCommit(trx, 'postgres', [insert(trx, 2)]);
        assert.deepEqual(await ids(), [1, 2]);
      });
      // As the first statement of its transaction too (BEGIN still held).
      await inTransaction(db, (trx) => executeAndCommit(trx, 'postgres', [insert(trx, 3)]));
      // A statement after it is refused instead of running outside the transaction.
      await assert.rejects(
        inTransaction(db, async (trx) => {
          await executeAndCommit(trx, 'postgres', [insert(trx, 4)]);
          await insert(trx, 5).execute();
        }),
        /after executeAndCommit/,
      );
      assert.deepEqual(await ids(), [1, 2, 3, 4]);
      // A failing statement (the duplicate 1) commits nothing: the row before it is rolled back too.
      await assert.rejects(
        inTransaction(db, async (trx) => {
          await insert(trx, 6).execute();
          await executeAndCommit(trx, 'postgres', [insert(trx, 7), insert(trx, 1), insert(trx, 8)]);
        }),
        /duplicate key/,
      );
      assert.deepEqual(await ids(), [1, 2, 3, 4]);
      // And the pool's connections are clean afterwards: a plain transaction works and rolls back.
      await assert.rejects(
        inTransaction(db, async (trx) => {
          await insert(trx, 9).execute();
          throw new Error('undo');
        }),
        /undo/,
      );
      await inTransaction(db, (trx) => insert(trx, 10).execute());
      assert.deepEqual(await ids(), [1, 2, 3, 4, 10]);
    } finally {
      await test.cleanup();
    }
  });
});
