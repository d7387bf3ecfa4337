import 'dotenv/config';
import { loadConfig, ConfigError, type Config } from '../platform/config.js';
import { openConfiguredDatabase, type Database } from '../platform/db/database.js';

export { openConfiguredDatabase };
import { systemPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { isAppError } from '../platform/errors.js';
import os from 'node:os';

/** Thrown by commands for a bad argument or input: printed as one line, exit code as given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function readConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** A use-case context for a CLI command: the system acts, labelled with the operating-system user. */
export function cliContext(database: Database, now = new Date()): UseCaseContext {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry in some containers
  }
  return {
    database,
    principal: systemPrincipal(`cli:${user}`),
    meta: { ip: null, userAgent: 'gongkai-cli' },
    now,
  };
}

/**
 * Runs a command body with the configured database, closing it afterwards, and turns errors into
 * a one-line reason and a non-zero exit code.
 */
export async function withDatabase(
  body: (database: Database, config: Config) => Promise<void>,
): Promise<void> {
  const config = readConfigOrExit();
  const database = openConfiguredDatabase(config);
  try {
    await body(database, config);
  } finally {
    await database.close();
  }
}

export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (isAppError(err)) {
    const fields = err.details.fields?.map((f) => `${f.field}: ${f.message}`).join('; ');
    return { message: `${err.code}: ${err.message}${fields ? ` (${fields})` : ''}`, exitCode: 1 };
  }
  if (err instanceof Error) return { message: err.message, exitCode: 1 };
  return { message: String(err), exitCode: 1 };
}
