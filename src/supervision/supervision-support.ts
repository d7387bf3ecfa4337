import { assertCan, type Action } from '../platform/auth/permissions.rules.js';
import type { Queryable } from '../platform/db/transaction.js';
import { dateInTimeZone, type IsoDate } from '../calendar/dates.rules.js';
import type { UseCaseContext } from '../platform/use-case.js';

/** The root organisation (the city): city-wide supervision duties are checked against it. */
export async function findRootOrg(db: Queryable): Promise<{ id: number; path: string }> {
  const root = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  return root ?? { id: 0, path: '/0/' };
}

/** Throws FORBIDDEN unless the principal holds `action` over the whole city. */
export async function assertCityWide(
  ctx: UseCaseContext,
  action: Action,
): Promise<{ id: number; path: string }> {
  const root = await findRootOrg(ctx.database.db);
  assertCan(ctx.principal, action, { orgPath: root.path });
  return root;
}

export function todayIn(now: Date, timeZone: string): IsoDate {
  return dateInTimeZone(now, timeZone);
}
