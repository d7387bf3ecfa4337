import type { Command } from 'commander';
import { cliContext, readConfigOrExit } from '../context.js';
import { openConfiguredDatabase } from '../../platform/db/database.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { isDatabaseEmpty, loadDemo } from '../../demo/load-demo.js';
import { startPlatform, stopOnSignals } from '../../runtime.js';
import { parsePort } from './serve.js';

/**
 * `npm start`: migrate, load the demo city when the database is empty, then serve. For trying
 * Gongkai out; a real office runs `gongkai serve`, which never loads demo data.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('migrate, load the demo city into an empty database, then serve (what `npm start` runs)')
    .option('--port <n>', 'port to listen on (default: PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const port = parsePort(opts.port);
      const config = readConfigOrExit();
      const database = openConfiguredDatabase(config);
      try {
        await migrateToLatest(database);
        if (await isDatabaseEmpty(database)) {
          console.log(
            'Empty database: loading the demo city. Keep the passwords below; they are shown only once.',
          );
          await loadDemo(cliContext(database), { log: (line) => console.log(line) });
        }
      } finally {
        await database.close();
      }
      const platform = await startPlatform(config, port === undefined ? {} : { port });
      // Handlers first: whoever reads the line below may signal at once.
      stopOnSignals(platform);
      console.log(
        `Gongkai is serving at ${platform.url} (${config.database.kind}). Staff: ${platform.url}/staff/`,
      );
    });
}
