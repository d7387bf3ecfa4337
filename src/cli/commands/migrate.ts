import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { migrateToLatest } from '../../platform/db/migrate.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(() =>
      withDatabase(async (database) => {
        const { applied } = await migrateToLatest(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database schema is up to date.');
      }),
    );
}
