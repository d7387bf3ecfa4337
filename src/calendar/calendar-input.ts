import { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.js';
import type { Queryable } from '../platform/db/transaction.js';
import { isIsoDate } from './dates.rules.js';
import './calendar.messages.js';

/** Input pieces shared by the calendar use cases, with the i18n key each problem shows. */
export const calendarDate = z.string().refine(isIsoDate, { message: 'calendar.error.date_invalid' });
export const calendarText = z.string().trim().max(500, { message: 'calendar.error.text_too_long' });

/** Parses `input` or throws VALIDATION naming every bad field; zod messages here are i18n keys. */
export function parseCalendarInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fallback: Record<string, string>,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldProblem[] = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'input';
    const message = issue.message.startsWith('calendar.error.')
      ? issue.message
      : (fallback[field] ?? 'calendar.error.date_invalid');
    return { field, message };
  });
  throw AppError.validation(fields);
}

export interface OrgRef {
  id: number | null;
  path: string;
}

/**
 * The organisation an override belongs to, or the city (id null) when no code is given. City-wide
 * settings are checked against the root organisation's path, so only a city-level grant reaches them.
 */
export async function resolveCalendarOrg(db: Queryable, orgCode: string | null | undefined): Promise<OrgRef> {
  if (orgCode) {
    const org = await db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('code', '=', orgCode)
      .executeTakeFirst();
    if (!org) {
      throw new AppError('NOT_FOUND', `No organisation ${orgCode}`, {
        fields: [{ field: 'orgCode', message: 'calendar.error.org_unknown' }],
      });
    }
    return org;
  }
  const root = await db
    .selectFrom('orgs')
    .select('path')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  // No organisation yet: an impossible path, so only the system principal passes the check.
  return { id: null, path: root?.path ?? '' };
}
