import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

export interface BenchDatabase {
  label: string;
  database: Database;
  cleanup(): Promise<void>;
}

/** A migrated SQLite file in a temporary folder (WAL, synchronous=NORMAL: the production settings). */
export async function createSqliteBenchDatabase(): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
  await migrateToLatest(database);
  return {
    label: 'SQLite',
    database,
    async cleanup() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated schema of its own in the PostgreSQL database at `url`, dropped afterwards. */
export async function createPostgresBenchDatabase(url: string): Promise<BenchDatabase> {
  const schema = `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ kind: 'postgres', url, schema });
  await migrateToLatest(database);
  return {
    label: 'PostgreSQL',
    database,
    async cleanup() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
