import { z } from 'zod';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { isWithin, scopeOf } from '../platform/auth/permissions.rules.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { readDueSoonWorkdays, todayOf } from './application-log.js';
import { APPLICANT_TYPES, APPLICATION_STATUSES, CHANNELS } from './codes.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';
import {
  countApplicationsForStaff,
  listApplicationsForStaff,
  listOrgIdsUnder,
  type CaseListFilter,
  type CaseListPage,
} from './requests.repository.js';

export const listApplicationsInput = z.object({
  /** An organisation (with everything below it); default: everything the principal may read. */
  orgCode: z.string().trim().min(1).nullish(),
  statuses: z.array(z.enum(APPLICATION_STATUSES)).default([]),
  handlerUserId: z.number().int().positive().nullish(),
  channels: z.array(z.enum(CHANNELS)).default([]),
  applicantTypes: z.array(z.enum(APPLICANT_TYPES)).default([]),
  receivedFrom: isoDate.nullish(),
  receivedTo: isoDate.nullish(),
  dueSoon: z.boolean().default(false),
  overdue: z.boolean().default(false),
  openOnly: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
  withCount: z.boolean().default(false),
});
export type ListApplicationsInput = z.input<typeof listApplicationsInput>;

/**
 * The staff case list within the principal's request.read scope, by due date. "Due soon" and
 * "overdue" are computed against today (not the cached flag), so the list is right every morning.
 */
export async function listApplications(
  ctx: UseCaseContext,
  deps: Pick<RequestDeps, 'timeZone'>,
  input: ListApplicationsInput,
): Promise<CaseListPage & { count?: { count: number; isCapped: boolean } }> {
  const parsed = parseRequestInput(listApplicationsInput, input);
  const db = ctx.database.db;
  const scope = scopeOf(ctx.principal, 'request.read');
  let paths: 'all' | string[] = scope;
  if (parsed.orgCode) {
    const org = await db
      .selectFrom('orgs')
      .select(['path'])
      .where('code', '=', parsed.orgCode)
      .executeTakeFirst();
    if (!org) throw AppError.validation([{ field: 'orgCode', message: 'requests.error.org_unknown' }]);
    if (scope !== 'all' && !scope.some((p) => isWithin(org.path, p))) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', {
        params: { action: 'request.read', orgPath: org.path },
      });
    }
    paths = [org.path];
  }
  const orgIds = paths === 'all' ? 'all' : await listOrgIdsUnder(db, paths);
  const today = todayOf(ctx, deps);
  const filter: CaseListFilter = {
    orgIds,
    statuses: parsed.statuses,
    channels: parsed.channels,
    applicantTypes: parsed.applicantTypes,
    openOnly: parsed.openOnly,
    ...(parsed.handlerUserId ? { handlerUserId: parsed.handlerUserId } : {}),
    ...(parsed.receivedFrom ? { receivedFrom: parsed.receivedFrom } : {}),
    ...(parsed.receivedTo ? { receivedTo: parsed.receivedTo } : {}),
  };
  if (parsed.overdue) filter.dueBefore = today;
  if (parsed.dueSoon) {
    // The city calendar decides the horizon for the list; each case page shows its own exact count.
    const calendar = await loadWorkingCalendar(db);
    const horizon = calendar.addWorkingDays(today, await readDueSoonWorkdays(db));
    filter.dueOnOrBefore = horizon;
    // Due soon means not yet overdue: due today or later (unless overdue ones were asked for too).
    if (!parsed.overdue) filter.dueOnOrAfter = today;
    else delete filter.dueBefore;
  }
  const page = await listApplicationsForStaff(db, filter, { page: parsed.page, pageSize: parsed.pageSize });
  return parsed.withCount ? { ...page, count: await countApplicationsForStaff(db, filter) } : page;
}
