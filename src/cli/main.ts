import { Command, CommanderError } from 'commander';
import { describeError } from './context.js';
import { registerMigrate } from './commands/migrate.js';
import { registerServe } from './commands/serve.js';
import { registerStart } from './commands/start.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerUsers } from './commands/users.js';
import { registerOrgs } from './commands/orgs.js';
import { registerDemo } from './commands/demo.js';
import { registerReport } from './commands/report.js';
import { registerCatalog } from './commands/catalog.js';
import { registerRequests } from './commands/requests.js';
import { registerSearch } from './commands/search.js';

/** `gongkai`: thin shells over the same use cases the web uses (contracts §5). */
export function buildProgram(): Command {
  const program = new Command('gongkai')
    .description('Gongkai (公开): government information disclosure platform')
    .showHelpAfterError()
    .exitOverride();
  registerMigrate(program);
  registerServe(program);
  registerStart(program);
  registerAudit(program);
  registerBackup(program);
  registerUsers(program);
  registerOrgs(program);
  registerDemo(program);
  registerReport(program);
  registerCatalog(program);
  registerRequests(program);
  registerSearch(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const { message, exitCode } = describeError(err);
    console.error(`gongkai: ${message}`);
    process.exitCode = exitCode;
  }
}

await main(process.argv);
