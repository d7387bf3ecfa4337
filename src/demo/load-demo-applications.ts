import type { Insertable } from 'kysely';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import { yearOf } from '../calendar/dates.rules.js';
import type { Tx } from '../platform/db/transaction.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import type { RequestSecrets } from '../requests/applicant-crypto.js';
import { computeApplicationState, readDueSoonWorkdays } from '../requests/application-log.js';
import { InterchangeFileError } from '../requests/interchange/import-applications.js';
import {
  parseInterchangeFile,
  type InterchangeApplication,
} from '../requests/interchange/interchange.rules.js';
import { applicantRowOf, applicationRowOf } from '../requests/interchange/interchange-rows.js';
import { formatReference, referencePrefixOf } from '../requests/reference.rules.js';
import type {
  ApplicantsTable,
  ApplicationAppealsTable,
  ApplicationEventsTable,
  ApplicationsTable,
} from '../requests/requests.tables.js';
import {
  insertAppealsInBulk,
  insertApplicantsInBulk,
  insertApplicationsInBulk,
  insertEventsInBulk,
  reserveReferenceNumbers,
} from './demo.repository.js';

/**
 * Writes the demo applications (demo-applications.ts) in bulk, inside loadDemo's transaction. The
 * rules are the platform's: the lines are checked by the interchange parser (codes, organisations,
 * dates, `validateEventSequence`; any problem refuses the load), the applicants' ID and phone numbers
 * are encrypted and masked and their identity HMAC computed as the importer does, and the cached
 * state columns come from `computeApplicationState` (`deriveApplicationState`) with the holding
 * organisation's calendar — only the writing is batched (many rows a statement) instead of the
 * importer's row-at-a-time path, which takes tens of seconds on PostgreSQL for two thousand cases.
 * One `request.import` audit record, as for an import.
 */
export async function loadDemoApplications(
  ctx: UseCaseContext,
  trx: Tx,
  deps: { secrets: RequestSecrets; today: string },
  lines: readonly InterchangeApplication[],
): Promise<{ imported: number; references: string[] }> {
  const source = 'demo-applications';
  const orgs = await trx.selectFrom('orgs').select(['id', 'code', 'path', 'parent_id']).execute();
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const { applications, problems } = parseInterchangeFile(lines.map((l) => JSON.stringify(l)).join('\n'), {
    knownOrgs: new Set(byCode.keys()),
    today: deps.today,
  });
  if (problems.length > 0) throw new InterchangeFileError(problems);

  const root = orgs.filter((o) => o.parent_id === null).sort((a, b) => a.id - b.id)[0];
  const prefix = referencePrefixOf(root?.code);
  const perYear = new Map<number, number>();
  for (const { application } of applications) {
    const y = yearOf(application.receivedOn);
    perYear.set(y, (perYear.get(y) ?? 0) + 1);
  }
  const nextNumber = new Map<number, number>();
  for (const [year, count] of [...perYear].sort((a, b) => a[0] - b[0]))
    nextNumber.set(year, await reserveReferenceNumbers(trx, year, count));

  const dueSoonWorkdays = await readDueSoonWorkdays(trx);
  const calendars = new Map<string, WorkingCalendar>();
  const nowIso = ctx.now.toISOString();
  const actor = { actor_user_id: ctx.principal.userId, actor_label: 'demo', created_at: nowIso };

  const appRows: Insertable<ApplicationsTable>[] = [];
  const pending: {
    reference: string;
    applicant: Omit<Insertable<ApplicantsTable>, 'application_id'>;
    events: Omit<Insertable<ApplicationEventsTable>, 'application_id'>[];
    appeals: Omit<Insertable<ApplicationAppealsTable>, 'application_id'>[];
  }[] = [];

  for (const { application: a } of applications) {
    // 转办 inside the platform: the last receiving organisation holds it; each transfer names its origin.
    let holder = byCode.get(a.org)!;
    const events: Omit<Insertable<ApplicationEventsTable>, 'application_id'>[] = [
      {
        seq: 1,
        type: 'registered',
        on_date: a.receivedOn,
        payload_json: JSON.stringify({ channel: a.channel, imported: true, source }),
        ...actor,
      },
    ];
    const appeals: Omit<Insertable<ApplicationAppealsTable>, 'application_id'>[] = [];
    for (const e of a.events) {
      const { type, on, ...fields } = e as { type: string; on: string } & Record<string, unknown>;
      if (type === 'transferred') {
        fields.from = holder.code;
        holder = byCode.get(String(fields.to))!;
      }
      events.push({
        seq: events.length + 1,
        type,
        on_date: on,
        payload_json: JSON.stringify(fields),
        ...actor,
      });
      if (type === 'appeal_filed') {
        appeals.push({
          kind: String(fields.kind),
          filed_on: on,
          body: typeof fields.body === 'string' ? fields.body : '',
          case_number: typeof fields.caseNumber === 'string' ? fields.caseNumber : null,
          result: null,
          decided_on: null,
          created_at: nowIso,
          updated_at: nowIso,
        });
      } else if (type === 'appeal_decided') {
        const open = appeals.find((p) => p.kind === fields.kind && p.result === null);
        if (open) Object.assign(open, { result: String(fields.result), decided_on: on });
      }
    }
    let calendar = calendars.get(holder.path);
    if (!calendar)
      calendars.set(holder.path, (calendar = await loadWorkingCalendar(trx, { orgPath: holder.path })));
    const state = computeApplicationState(
      { received_on: a.receivedOn },
      events.map((e) => ({ type: e.type, on_date: e.on_date, payload_json: e.payload_json })),
      calendar,
      deps.today,
      dueSoonWorkdays,
    );
    const year = yearOf(a.receivedOn);
    const n = nextNumber.get(year)!;
    nextNumber.set(year, n + 1);
    const reference = a.reference ?? formatReference(prefix, year, n);
    appRows.push({
      ...applicationRowOf(a, {
        orgId: holder.id,
        reference,
        registeredBy: ctx.principal.userId,
        nowIso,
        today: deps.today,
      }),
      status: state.status,
      outcome: state.outcome,
      due_on: state.dueOn,
      is_overdue: state.overdue ? 1 : 0,
      closed_on: state.closedOn,
      is_provisional: state.isProvisional ? 1 : 0,
      last_event_on: events.reduce((last, e) => (e.on_date > last ? e.on_date : last), a.receivedOn),
      event_count: events.length,
    });
    pending.push({
      reference,
      applicant: applicantRowOf(a.applicant, deps.secrets, nowIso),
      events,
      appeals,
    });
  }

  const ids = await insertApplicationsInBulk(trx, appRows);
  const idOf = (reference: string) => ids.get(reference)!;
  await insertApplicantsInBulk(
    trx,
    pending.map((p) => ({ ...p.applicant, application_id: idOf(p.reference) })),
  );
  await insertEventsInBulk(
    trx,
    pending.flatMap((p) => p.events.map((e) => ({ ...e, application_id: idOf(p.reference) }))),
  );
  await insertAppealsInBulk(
    trx,
    pending.flatMap((p) => p.appeals.map((e) => ({ ...e, application_id: idOf(p.reference) }))),
  );
  const references = appRows.map((r) => r.reference);
  await audit(ctx, trx, {
    action: 'request.import',
    entityType: 'application_import',
    entityId: source,
    // The references only: never personal data in the audit log.
    after: { count: references.length, references: references.slice(0, 1000) },
  });
  return { imported: references.length, references };
}
