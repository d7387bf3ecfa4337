import { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { audit } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { assertCan, canManageUser } from '../../platform/auth/permissions.rules.js';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/password.js';
import { displayNameSchema, emailSchema, orgCodeSchema, parseOrThrow, usernameSchema } from './user-input.js';
import { findOrgByCode, insertUser, isUsernameTaken } from './users.repository.js';

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  homeOrgCode?: string | null;
  mustChangePassword?: boolean;
}

const createUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  email: emailSchema.optional(),
  password: z.string(),
  homeOrgCode: orgCodeSchema.nullish(),
  mustChangePassword: z.boolean().optional(),
});

function usernameTaken(): AppError {
  return new AppError('CONFLICT', 'users.error.username_taken', {
    fields: [{ field: 'username', message: 'users.error.username_taken' }],
  });
}

/**
 * Creates a staff account. Needs `user.manage` on the home organisation (an account without one:
 * a city administrator, or the system). The password is hashed and appears in no log or audit record.
 */
export async function createUser(ctx: UseCaseContext, input: CreateUserInput): Promise<{ id: number }> {
  const raw = input as Partial<Record<keyof CreateUserInput, unknown>>;
  const policyProblems: FieldProblem[] =
    typeof raw.password === 'string'
      ? checkPasswordPolicy(raw.password, typeof raw.username === 'string' ? raw.username : '')
      : [];
  const parsed = parseOrThrow(createUserSchema, input, policyProblems);
  const db = ctx.database.db;

  const homeOrg = parsed.homeOrgCode ? await findOrgByCode(db, parsed.homeOrgCode) : null;
  if (homeOrg === undefined) {
    throw AppError.validation([{ field: 'homeOrgCode', message: 'users.error.unknown_org' }]);
  }
  if (homeOrg) assertCan(ctx.principal, 'user.manage', { orgPath: homeOrg.path });
  else if (!canManageUser(ctx.principal, { orgPaths: [] })) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'user.manage' } });
  }
  if (await isUsernameTaken(db, parsed.username)) throw usernameTaken();

  const passwordHash = await hashPassword(parsed.password);
  const now = ctx.now.toISOString();
  try {
    return await inTransaction(db, async (trx) => {
      const values = {
        username: parsed.username,
        displayName: parsed.displayName,
        email: parsed.email ?? null,
        homeOrgId: homeOrg?.id ?? null,
        mustChangePassword: parsed.mustChangePassword ?? false,
      };
      const id = await insertUser(trx, { ...values, passwordHash, now });
      await audit(ctx, trx, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        orgId: values.homeOrgId,
        after: values,
      });
      return { id };
    });
  } catch (err) {
    // Two admins creating the same username at once: the unique index decides.
    if (!(err instanceof AppError) && (await isUsernameTaken(db, parsed.username))) throw usernameTaken();
    throw err;
  }
}
