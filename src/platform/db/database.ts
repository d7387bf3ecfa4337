import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
import type { DB } from '../../db-schema.js';
import { createDialectFeatures, type DialectFeatures } from './dialect.js';
import type { Config } from '../config.js';

// PostgreSQL returns bigint (count, sum) and numeric as strings; every count here fits in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type DatabaseTarget =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectFeatures;
  readonly target: DatabaseTarget;
  /** The raw SQLite handle (for online backup); undefined on PostgreSQL. */
  readonly sqlite?: SqliteDatabase.Database;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const handle = new SqliteDatabase(target.file);
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('synchronous = NORMAL');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) });
    return {
      db,
      dialect: createDialectFeatures('sqlite'),
      target,
      sqlite: handle,
      async ping() {
        await sql`select 1`.execute(db);
      },
      async close() {
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  pool.on('connect', tuneConnection);
  const db = new Kysely<DB>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  return {
    db,
    dialect: createDialectFeatures('postgres'),
    target,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** WAL pages between automatic checkpoints during a bulk load (SQLite's default is 1,000: 4 MiB). */
export const BULK_WAL_AUTOCHECKPOINT = 20_000;

/**
 * Runs a bulk load made of many transactions (an index rebuild, a large import in slices) with
 * SQLite's automatic WAL checkpoint every 20,000 pages (80 MiB) instead of every 1,000, then restores
 * the setting and checkpoints once. Each checkpoint copies the WAL into the database file and syncs
 * it; a bulk commit writes megabytes of FTS5 segments and b-tree pages, so with the default every
 * commit paid for a checkpoint, and pages rewritten by the next commits were copied again. Readers
 * are unaffected (they read the WAL). On PostgreSQL it just runs `work`.
 */
export async function withBulkLoadSettings<T>(database: Database, work: () => Promise<T>): Promise<T> {
  const handle = database.sqlite;
  if (!handle) return work();
  const previous = handle.pragma('wal_autocheckpoint', { simple: true }) as number;
  handle.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT}`);
  try {
    return await work();
  } finally {
    handle.pragma(`wal_autocheckpoint = ${previous}`);
    handle.pragma('wal_checkpoint(PASSIVE)');
  }
}

/** Named (prepared) statements one PostgreSQL connection keeps at most; further texts run unnamed. */
export const POSTGRES_PREPARED_PER_CONNECTION = 200;

/**
 * Marks a read as safe to prepare (see `tuneConnection`): put it right after `select` (of the statement
 * or of its first CTE), e.g. with
 * Kysely's `.modifyFront(PREPARED_READ)`. For small reads whose best plan does not depend on the
 * values (lookups by key), run very often.
 */
export const PREPARED_READ = sql`/* prepared */`;
const PREPARED_TEXT =
  /^\s*(?:insert|update|delete)\s|^\s*with "\w+" as \((?:insert|update|delete)\s|^\s*(?:with "\w+" as \()?select \/\* prepared \*\//i;

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = createHash('sha1').update(text).digest('hex').slice(0, 24);
    if (statementNames.size >= 2000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Two savings on every PostgreSQL connection of the pool, both in how statements reach the server:
 *
 * Prepared statements. Writes (INSERT, UPDATE, DELETE with parameters, also as the first query of a
 * WITH) and reads marked `PREPARED_READ` run as named statements, prepared once per connection: the
 * server then skips parsing and planning them — for a 26-column insert most of its work — and the
 * client sends only Bind and Execute. Other reads stay unnamed: their plans depend on the values (the
 * case list relies on custom plans), and PostgreSQL would switch a named statement to a generic plan
 * after five runs. A prepared statement whose table later changes shape (a migration by a newer
 * process) fails with "cached plan must not change result type" (0A000): that call fails, and the
 * connection prepares every statement afresh, under new names, from the next call on.
 *
 * BEGIN rides with the first statement. Kysely opens a transaction with a `begin` of its own, one
 * round trip before any work. Here `begin` is held back and sent with the transaction's first
 * statement: in the same message when that statement has no parameters (the simple protocol takes
 * several statements at once; e.g. an advisory lock on a literal key), otherwise just before it. A
 * transaction that ends before any statement sends neither.
 *
 * COMMIT follows the last statements at once. `executeAndCommit` hands a transaction's last
 * statements over together (`COMMITTING_MARK`); they and COMMIT are queued on the client at once, so
 * each goes out the moment the one before completes, without waiting for the application in between.
 * Kysely's own `commit` that follows is then answered here without a round trip, and any other
 * statement in between is refused (it would run outside the transaction).
 */
function tuneConnection(client: pg.PoolClient): void {
  const unnamed = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const prepared = new Set<string>();
  let generation = 0;
  let beginHeld = false;
  /** The transaction was committed by a message of `executeAndCommit`; Kysely's own COMMIT is owed. */
  let committedEarly = false;
  const run = (text: unknown, values?: unknown, ...rest: unknown[]): unknown => {
    if (
      rest.length === 0 &&
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      PREPARED_TEXT.test(text)
    ) {
      const name = `gk${generation}_${statementName(text)}`;
      if (prepared.has(name) || prepared.size < POSTGRES_PREPARED_PER_CONNECTION) {
        prepared.add(name);
        return unnamed({ name, text, values }).catch((err: unknown) => {
          if ((err as { code?: string }).code === '0A000') {
            generation += 1;
            prepared.clear();
          }
          throw err;
        });
      }
    }
    return unnamed(text, values, ...rest);
  };
  const query = (text: unknown, values?: unknown, ...rest: unknown[]): unknown => {
    const plain = rest.length === 0 && typeof text === 'string' && (values === undefined || isEmptyArray(values));
    if (plain && text === 'begin' && !beginHeld) {
      beginHeld = true;
      committedEarly = false;
      return Promise.resolve(HELD_BEGIN_RESULT);
    }
    if (committedEarly) {
      committedEarly = false;
      if (plain && (text === 'commit' || text === 'rollback')) {
        // Already committed: nothing is left to end (a rollback now would change nothing either).
        return Promise.resolve({ ...HELD_BEGIN_RESULT, command: text === 'commit' ? 'COMMIT' : 'ROLLBACK' });
      }
      return Promise.reject(new Error('a statement after executeAndCommit committed its transaction'));
    }
    if (text === COMMITTING_MARK && Array.isArray(values)) {
      // A transaction's last statements and COMMIT (`executeAndCommit`), queued on the client at
      // once: node-postgres sends each the moment the one before it completes, in its own socket
      // handler, so no application code runs in between. The statements stay prepared.
      const statements = values as { sql: string; parameters: readonly unknown[] }[];
      const pending: Promise<unknown>[] = [];
      if (beginHeld) {
        beginHeld = false;
        pending.push(unnamed('begin'));
      }
      const first = pending.length;
      for (const statement of statements) {
        pending.push(Promise.resolve(run(statement.sql, [...statement.parameters])));
      }
      pending.push(unnamed('commit'));
      return Promise.allSettled(pending).then((outcomes) => {
        const failed = outcomes.find((o) => o.status === 'rejected');
        if (failed) throw failed.reason;
        const values = outcomes.map((o) => (o as PromiseFulfilledResult<{ command: string; rows: unknown[] }>).value);
        if (values.at(-1)?.command !== 'COMMIT') {
          // COMMIT answered ROLLBACK: the transaction had failed before.
          throw new Error('executeAndCommit: the transaction was rolled back, not committed');
        }
        committedEarly = true;
        // Reported as a SELECT whose rows are the statements' results (Kysely's driver would replace
        // the rows of a COMMIT).
        const rows = values.slice(first, -1).map((r) => ({ rows: r.rows }));
        return { command: 'SELECT', rowCount: null, fields: [], rows };
      });
    }
    if (!beginHeld) return run(text, values, ...rest);
    beginHeld = false;
    if (plain && (text === 'commit' || text === 'rollback')) {
      // Nothing ran: there is no transaction to end.
      return Promise.resolve({ ...HELD_BEGIN_RESULT, command: text === 'commit' ? 'COMMIT' : 'ROLLBACK' });
    }
    if (plain) {
      // One message, two statements; the result is the last statement's.
      return unnamed(`begin; ${text}`).then((results) =>
        Array.isArray(results) ? (results[results.length - 1] as unknown) : results,
      );
    }
    if (typeof text !== 'string') {
      // A cursor or query object is returned at once, not as a promise: the client runs queued
      // queries in order, so `begin` queued first still runs first; a failed `begin` (a broken
      // connection) fails the query after it too.
      void unnamed('begin').catch(() => undefined);
      return run(text, values, ...rest);
    }
    return unnamed('begin').then(() => run(text, values, ...rest));
  };
  (client as unknown as { query: typeof query }).query = query;
}

const HELD_BEGIN_RESULT = { command: 'BEGIN', rowCount: null, rows: [], fields: [] };

/** The text of the query that carries `executeAndCommit`'s statements as its values. */
export const COMMITTING_MARK = '/* statements, then commit */';

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/** Prepared statements kept per SQLite connection (distinct SQL texts, least recently used dropped). */
export const SQLITE_STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew (`db.prepare(sql)` per call), and preparing costs
 * more than running a small indexed statement. Kysely compiles the same SQL text for the same query
 * shape (values are parameters), so the handle it sees keeps the prepared statements by SQL text.
 * A statement still stepping (a streamed query in progress) is busy and cannot be reused: that call
 * gets a fresh one. SQLite re-prepares a cached statement by itself when the schema changes.
 */
function withStatementCache(handle: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      cache.clear();
      handle.close();
    },
    prepare: (text: string) => {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        // Most recently used last, so the first key is the one to drop.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = handle.prepare(text);
      if (!cached) {
        cache.set(text, statement);
        if (cache.size > SQLITE_STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * Kysely's PostgreSQL introspector reads every schema in the database and calls name-based catalog
 * functions (has_schema_privilege, pg_get_serial_sequence) on each; when another connection drops a
 * schema during that scan (a parallel test file finishing, another tenant being removed) the query
 * fails with "schema … does not exist". The migrator only asks which tables exist, and Gongkai only
 * ever works in the connection's own schema, so introspection here looks at `current_schema()` alone,
 * by oid.
 */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return rows.filter((r) => r.name !== null);
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; table: string; kind: string }>`
      select ns.nspname as schema, c.relname as table, c.relkind as kind
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.db);
    return rows.map((r) => ({ name: r.table, schema: r.schema, isView: r.kind === 'v', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function openConfiguredDatabase(config: Pick<Config, 'database'>): Database {
  return openDatabase(
    config.database.kind === 'sqlite'
      ? { kind: 'sqlite', file: config.database.file }
      : { kind: 'postgres', url: config.database.url },
  );
}
