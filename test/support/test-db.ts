import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

export interface TestDatabase {
  database: Database;
  /** A scratch folder for this test file (attachments, outbox, backups). */
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: SQLite in a temporary folder by default, or, when
 * TEST_DATABASE_URL is set, a schema of its own in that PostgreSQL database so parallel runs never
 * see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-'));
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'gongkai.sqlite') });
    await migrateToLatest(database);
    return {
      database,
      dir,
      async cleanup() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ kind: 'postgres', url, schema });
  await migrateToLatest(database);
  return {
    database,
    dir,
    async cleanup() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
