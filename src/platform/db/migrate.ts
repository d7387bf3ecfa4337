import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { allMigrations } from '../../../migrations/index.js';

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.migrations);
  }
}

export interface MigrateOutcome {
  applied: string[];
}

/** Brings the schema up to date; throws with the failing migration's name on error. */
export async function migrateToLatest(database: Database): Promise<MigrateOutcome> {
  const migrations = Object.fromEntries(
    Object.entries(allMigrations).map(([name, build]) => [name, build(database.dialect)]),
  );
  // Kysely looks for its bookkeeping tables across every schema it can see; on PostgreSQL pin them to
  // the schema this connection works in, or another schema's tables (a parallel test run, another
  // tenant) would be mistaken for ours.
  const migrationTableSchema =
    database.dialect.kind === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(migrations),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error) {
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: result.error,
    });
  }
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
