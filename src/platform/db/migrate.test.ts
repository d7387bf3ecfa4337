import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { createTestDatabase } from '../../../test/support/test-db.js';

describe('migrations', () => {
  it('bring an empty database to the latest schema, and a second run applies nothing', async () => {
    const t = await createTestDatabase();
    try {
      const again = await migrateToLatest(t.database);
      assert.deepEqual(again.applied, []);
      const tables = await t.database.db.introspection.getTables();
      assert.ok(tables.some((tb) => tb.name === 'orgs'));
    } finally {
      await t.cleanup();
    }
  });

  const url = process.env.TEST_DATABASE_URL;
  it(
    'on PostgreSQL, migrate a schema while other schemas are created and dropped beside it',
    { skip: url ? false : 'PostgreSQL only (TEST_DATABASE_URL not set)' },
    async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const tag = `m_${process.pid}_${randomBytes(3).toString('hex')}`;
      const target = `${tag}_target`;
      await admin.query(`create schema ${target}`);
      const database = openDatabase({ kind: 'postgres', url: url!, schema: target });
      let churning = true;
      // Another connection keeps creating and dropping schemas with a table in each, as parallel
      // test files (or tenants being removed) do; Kysely's stock introspector scans every schema and
      // fails with "schema … does not exist" when one disappears under it.
      const churn = (async () => {
        let i = 0;
        while (churning) {
          const name = `${tag}_churn_${i++}`;
          await admin.query(`create schema ${name}; create table ${name}.t (id serial primary key)`);
          await admin.query(`drop schema ${name} cascade`);
        }
      })();
      try {
        for (let round = 0; round < 20; round++) {
          await migrateToLatest(database);
          const tables = await database.db.introspection.getTables();
          assert.ok(tables.length > 10);
          assert.ok(
            tables.every((tb) => tb.schema === target),
            'introspection stays in its own schema',
          );
        }
      } finally {
        churning = false;
        await churn;
        await database.close();
        await admin.query(`drop schema if exists ${target} cascade`);
        await admin.end();
      }
    },
  );
});
