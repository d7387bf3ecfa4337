import type { Command } from 'commander';
import { CliError, cliContext, withDatabase } from '../context.js';
import { isRole, ROLES, type Role } from '../../platform/auth/roles.js';
import { generatePassword } from '../../platform/auth/password.js';
import { authMessageInEnglish } from '../../platform/auth/auth.messages.js';
import { isAppError } from '../../platform/errors.js';
import { createUser } from '../../orgs/users/create-user.js';
import { grantRole } from '../../orgs/users/grant-role.js';

interface AddOptions {
  name: string;
  org: string;
  role: string[];
  email?: string;
  password?: string;
}

/** The command-line name of each use-case field, so an error names what the operator typed. */
const OPTION_OF_FIELD: Record<string, string> = {
  username: 'USERNAME',
  displayName: '--name',
  homeOrgCode: '--org',
  orgCode: '--org',
  role: '--role',
  email: '--email',
  password: '--password',
};

/** One line naming each bad option and what to do, in English. */
function toCliError(err: unknown): unknown {
  if (!isAppError(err)) return err;
  const fields = err.details.fields ?? [];
  const text = fields.length
    ? fields.map(
        (f) => `${OPTION_OF_FIELD[f.field] ?? f.field}: ${authMessageInEnglish(f.message, f.params)}`,
      )
    : [authMessageInEnglish(err.message, err.details.params)];
  return new CliError(text.join('; '), 1);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `gongkai users add`: creates a staff account with its role grants, all or nothing. */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage staff accounts');
  users
    .command('add')
    .description('create a staff account on an organisation with one or more roles')
    .argument('<username>', '3–32 characters: a-z 0-9 . _ -')
    .requiredOption('--name <displayName>', 'display name, e.g. 张三')
    .requiredOption('--org <orgCode>', 'home organisation code; roles are granted on it')
    .option('--role <role>', `role to grant (repeatable): ${ROLES.join(', ')}`, collect, [])
    .option('--email <email>', 'e-mail address')
    .option('--password <password>', 'initial password (default: a generated one, printed once)')
    .action((username: string, options: AddOptions) => {
      const roles = [...new Set(options.role)];
      if (roles.length === 0) throw new CliError(`--role is required (one of ${ROLES.join(', ')})`, 2);
      const unknown = roles.filter((r) => !isRole(r));
      if (unknown.length > 0) {
        throw new CliError(`unknown role ${unknown.join(', ')} (one of ${ROLES.join(', ')})`, 2);
      }
      const password = options.password ?? generatePassword();
      return withDatabase(async (database) => {
        // One transaction for the account and its grants: a bad role or org leaves nothing behind.
        const { id } = await database.db
          .transaction()
          .execute(async (trx) => {
            const ctx = cliContext({ ...database, db: trx });
            const created = await createUser(ctx, {
              username,
              displayName: options.name,
              email: options.email ?? null,
              password,
              homeOrgCode: options.org,
              mustChangePassword: options.password === undefined,
            });
            for (const role of roles as Role[]) {
              await grantRole(ctx, { userId: created.id, orgCode: options.org, role });
            }
            return created;
          })
          .catch((err: unknown) => {
            throw toCliError(err);
          });
        console.log(
          `Created user ${username.trim().toLowerCase()} (id ${id}) on ${options.org}: ${roles.join(', ')}`,
        );
        if (options.password === undefined) {
          console.log(`Password (shown once; must be changed at first sign-in): ${password}`);
        }
      });
    });
}
