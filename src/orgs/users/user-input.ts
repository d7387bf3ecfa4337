import { z } from 'zod';
import '../../platform/auth/auth.messages.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import type { Principal } from '../../platform/auth/principal.js';
import { canManageUser } from '../../platform/auth/permissions.rules.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { findUserById, listOrgPathsOfUser, type UserRow } from './users.repository.js';

/** Shared input rules of the staff-account use cases; every message is an i18n key. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'users.error.username_format');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'users.error.display_name_required')
  .max(100, 'users.error.display_name_too_long');

/** Optional e-mail: blank means none. */
export const emailSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
  z.email('users.error.email_format').max(254, 'users.error.email_format').nullable(),
);

export const orgCodeSchema = z
  .string()
  .trim()
  .min(1, 'users.error.org_required')
  .max(64, 'users.error.unknown_org');

export const userIdSchema = z.number().int('users.error.unknown_user').positive('users.error.unknown_user');

/** Turns zod issues into field problems; type errors (missing, wrong type) get generic keys. */
export function fieldProblemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message:
      issue.code === 'invalid_type'
        ? issue.input === undefined || issue.input === null
          ? 'users.error.required'
          : 'users.error.invalid'
        : issue.message.includes('.') && !issue.message.includes(' ')
          ? issue.message
          : 'users.error.invalid',
  }));
}

/** Parses `input` or throws VALIDATION naming every bad field, together with the `extra` problems. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  extra: FieldProblem[] = [],
): z.infer<S> {
  const result = schema.safeParse(input);
  const problems = [...(result.success ? [] : fieldProblemsOf(result.error)), ...extra];
  if (!result.success || problems.length > 0) throw AppError.validation(problems);
  return result.data;
}

/** The user, or NOT_FOUND naming the `userId` field. */
export async function findUserOrThrow(db: Queryable, userId: number): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) {
    throw new AppError('NOT_FOUND', 'users.error.unknown_user', {
      fields: [{ field: 'userId', message: 'users.error.unknown_user' }],
    });
  }
  return user;
}

/** Throws FORBIDDEN unless the principal may change this account (see `canManageUser`). */
export async function assertCanManageUser(db: Queryable, principal: Principal, user: UserRow): Promise<void> {
  if (!canManageUser(principal, { orgPaths: await listOrgPathsOfUser(db, user) })) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'user.manage' } });
  }
}
