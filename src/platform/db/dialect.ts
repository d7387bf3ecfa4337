import { sql, type Kysely, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

/**
 * The few places where SQLite and PostgreSQL differ, chosen once from config.
 * Nothing outside platform/ branches on the dialect; it asks this object instead.
 */
export interface DialectFeatures {
  readonly kind: DialectKind;
  /** Adds an auto-incrementing integer primary key column named `name`. */
  addIdColumn<T extends string>(
    table: CreateTableBuilder<T, never>,
    name?: string,
  ): CreateTableBuilder<T, never>;
  /**
   * Serialises writers of a hash chain or other "read last, append next" structure for the rest of the
   * transaction. PostgreSQL takes a transaction-scoped advisory lock; SQLite transactions already hold
   * the single write lock of the database file.
   */
  lockForAppend(trx: Kysely<unknown>, lockName: string): Promise<void>;
  /** Whether `SELECT … FOR UPDATE SKIP LOCKED` is available for claiming queued work. */
  readonly supportsSkipLocked: boolean;
}

/** The advisory lock key of a chain's name on PostgreSQL (`lockForAppend`). */
export function lockKey(name: string): number {
  // A stable 31-bit key from the name, so each chain gets its own advisory lock.
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h & 0x7fffffff;
}

export function createDialectFeatures(kind: DialectKind): DialectFeatures {
  if (kind === 'postgres') {
    return {
      kind,
      addIdColumn: (table, name = 'id') =>
        table.addColumn(name, 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey()),
      async lockForAppend(trx, lockName) {
        // The key as a literal: no parameters, so when this opens the transaction its BEGIN travels in
        // the same message (platform/db/database.ts, `tuneConnection`). The key is an integer.
        await sql`select pg_advisory_xact_lock(${sql.lit(lockKey(lockName))})`.execute(trx);
      },
      supportsSkipLocked: true,
    };
  }
  return {
    kind,
    addIdColumn: (table, name = 'id') =>
      table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement()),
    async lockForAppend() {
      // better-sqlite3 runs on one connection and Kysely serialises its transactions.
    },
    supportsSkipLocked: false,
  };
}
