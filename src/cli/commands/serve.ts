import type { Command } from 'commander';
import { CliError, readConfigOrExit } from '../context.js';
import { startPlatform, stopOnSignals } from '../../runtime.js';

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CliError(`--port must be a whole number from 1 to 65535, got "${value}"`);
  }
  return port;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the platform (migrates the schema first; never loads demo data)')
    .option('--port <n>', 'port to listen on (default: PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const port = parsePort(opts.port);
      const config = readConfigOrExit();
      const platform = await startPlatform(config, port === undefined ? {} : { port });
      // Handlers first: whoever reads the line below may signal at once.
      stopOnSignals(platform);
      console.log(`Gongkai is serving at ${platform.url} (${config.database.kind})`);
    });
}
