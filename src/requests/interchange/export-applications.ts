import { loadWorkingCalendar } from '../../calendar/calendar.repository.js';
import type { WorkingCalendar } from '../../calendar/calendar.rules.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import { scopeOf, isWithin } from '../../platform/auth/permissions.rules.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import type { RequestSecrets } from '../applicant-crypto.js';
import { parsePayload, readDueSoonWorkdays, toRuleEvents } from '../application-log.js';
import { deriveApplicationState } from '../application-state.rules.js';
import type { EventType } from '../codes.js';
import { findApplicantOf, listEventsOf, listOrgIdsUnder } from '../requests.repository.js';
import { formatOfficeInstant, interchangeEventOf } from './interchange.rules.js';

/**
 * `gongkai requests export`: applications in the interchange format (contracts §4), one JSON object a
 * line, with `dueOn`, `status` and `overdue` from `deriveApplicationState` as of today. The export
 * carries applicants' full ID and phone numbers (it is the migration format), so it needs the
 * reveal permission on each organisation and is audited.
 */

export interface ExportApplicationsDeps {
  secrets: RequestSecrets;
  timeZone: string;
}

const BATCH = 500;

export async function* exportApplications(
  ctx: UseCaseContext,
  deps: ExportApplicationsDeps,
  filter: { orgCode?: string | null; year?: number | null } = {},
): AsyncGenerator<Record<string, unknown>> {
  const db = ctx.database.db;
  const today = dateInTimeZone(ctx.now, deps.timeZone);
  const scope = scopeOf(ctx.principal, 'request.reveal_identity');
  let paths: string[] = scope === 'all' ? ['/'] : scope;
  if (filter.orgCode) {
    const org = await db
      .selectFrom('orgs')
      .select('path')
      .where('code', '=', filter.orgCode)
      .executeTakeFirst();
    if (!org) throw AppError.validation([{ field: 'org', message: 'requests.error.org_unknown' }]);
    paths = paths.some((p) => p === '/' || isWithin(org.path, p)) ? [org.path] : [];
  }
  const orgIds = paths.includes('/') ? 'all' : await listOrgIdsUnder(db, paths);
  const orgs = await db.selectFrom('orgs').select(['id', 'code', 'path']).execute();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const calendars = new Map<string, WorkingCalendar>();
  const dueSoonWorkdays = await readDueSoonWorkdays(db);
  let afterId = 0;
  let count = 0;
  for (;;) {
    if (orgIds !== 'all' && orgIds.length === 0) break;
    let query = db.selectFrom('applications').selectAll().where('id', '>', afterId);
    if (orgIds !== 'all') query = query.where('org_id', 'in', orgIds);
    if (filter.year) {
      query = query
        .where('received_on', '>=', `${filter.year}-01-01`)
        .where('received_on', '<=', `${filter.year}-12-31`);
    }
    const apps = await query.orderBy('id').limit(BATCH).execute();
    if (apps.length === 0) break;
    for (const app of apps) {
      afterId = app.id;
      const holder = byId.get(app.org_id)!;
      const [events, applicant] = await Promise.all([listEventsOf(db, app.id), findApplicantOf(db, app.id)]);
      let calendar = calendars.get(holder.path);
      if (!calendar)
        calendars.set(holder.path, (calendar = await loadWorkingCalendar(db, { orgPath: holder.path })));
      const ruleEvents = toRuleEvents(events);
      const state = deriveApplicationState(app.received_on, ruleEvents, calendar, today, { dueSoonWorkdays });
      // The organisation applied to: where the first 转办 came from, else the holder.
      const firstTransfer = events.find((e) => e.type === 'transferred');
      const from = firstTransfer ? parsePayload(firstTransfer).from : undefined;
      const applicantOut: Record<string, unknown> = { type: app.applicant_type, name: applicant?.name ?? '' };
      if (applicant?.id_number_enc)
        applicantOut.idNumber = deps.secrets.decrypt('id_number', applicant.id_number_enc);
      if (applicant?.phone_enc) applicantOut.phone = deps.secrets.decrypt('phone', applicant.phone_enc);
      if (applicant?.email) applicantOut.email = applicant.email;
      if (applicant?.address) applicantOut.address = applicant.address;
      if (applicant?.credit_code) applicantOut.creditCode = applicant.credit_code;
      if (applicant?.contact_person) applicantOut.contactPerson = applicant.contact_person;
      count++;
      yield {
        reference: app.reference,
        org: typeof from === 'string' ? from : holder.code,
        channel: app.channel,
        applicant: applicantOut,
        submittedAt: formatOfficeInstant(app.submitted_at, deps.timeZone),
        receivedOn: app.received_on,
        description: app.description,
        delivery: app.delivery_method,
        events: ruleEvents.map((e) =>
          interchangeEventOf(e as { type: EventType; on: string } & Record<string, unknown>),
        ),
        dueOn: state.dueOn,
        status: state.status,
        overdue: state.overdue,
      };
    }
  }
  await inTransaction(db, (trx) =>
    audit(ctx, trx, {
      action: 'request.export',
      entityType: 'application_export',
      entityId: filter.orgCode ?? null,
      after: { count, orgCode: filter.orgCode ?? null, year: filter.year ?? null },
    }),
  );
}
