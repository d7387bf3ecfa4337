import { z } from 'zod';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { computeApplicationState, findHoldingOrg, readDueSoonWorkdays, todayOf } from './application-log.js';
import { presentApplicationForStaff, type StaffApplicationView } from './application.presenter.js';
import type { RequestDeps } from './request-deps.js';
import { parseRequestInput } from './request-input.js';
import {
  findApplicantOf,
  findApplicationById,
  listAppealsOf,
  listEventsOf,
  listFilesOf,
} from './requests.repository.js';

export const getApplicationForStaffInput = z.object({ applicationId: z.number().int().positive() });

/** The case page's data: request.read on the holding organisation; the state computed live for today. */
export async function getApplicationForStaff(
  ctx: UseCaseContext,
  deps: Pick<RequestDeps, 'timeZone'>,
  input: z.input<typeof getApplicationForStaffInput>,
): Promise<StaffApplicationView> {
  const { applicationId } = parseRequestInput(getApplicationForStaffInput, input);
  const db = ctx.database.db;
  const app = await findApplicationById(db, applicationId);
  if (!app) throw new AppError('NOT_FOUND', 'requests.error.not_found');
  const org = await findHoldingOrg(db, app.org_id);
  assertCan(ctx.principal, 'request.read', { orgPath: org.path });
  const [applicant, events, files, appeals, calendar, dueSoon] = await Promise.all([
    findApplicantOf(db, app.id),
    listEventsOf(db, app.id),
    listFilesOf(db, app.id),
    listAppealsOf(db, app.id),
    loadWorkingCalendar(db, { orgPath: org.path }),
    readDueSoonWorkdays(db),
  ]);
  const state = computeApplicationState(app, events, calendar, todayOf(ctx, deps), dueSoon);
  return presentApplicationForStaff({
    app,
    org: { id: org.id, code: org.code, name: org.name },
    applicant,
    events,
    files,
    appeals,
    state,
  });
}
