import type { Command } from 'commander';
import { CliError, cliContext, withDatabase } from '../context.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { isDatabaseEmpty, loadDemo } from '../../demo/load-demo.js';

/** `gongkai demo`: loads the demo city into an empty database (contracts §5). */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'load the demo city (东莞市: organisations, staff accounts, catalog items and applications) into an empty database',
    )
    .action(() =>
      withDatabase(async (database) => {
        await migrateToLatest(database);
        if (!(await isDatabaseEmpty(database))) {
          throw new CliError(
            'the database already has organisations; `gongkai demo` loads only into an empty database',
            1,
          );
        }
        await loadDemo(cliContext(database), { log: (line) => console.log(line) });
      }),
    );
}
