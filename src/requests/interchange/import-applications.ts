import { loadWorkingCalendar } from '../../calendar/calendar.repository.js';
import type { WorkingCalendar } from '../../calendar/calendar.rules.js';
import { dateInTimeZone, yearOf } from '../../calendar/dates.rules.js';
import { assertCan } from '../../platform/auth/permissions.rules.js';
import { inTransaction, type Tx } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import type { RequestSecrets } from '../applicant-crypto.js';
import { readDueSoonWorkdays, refreshApplicationState } from '../application-log.js';
import { formatReference, referencePrefixOf } from '../reference.rules.js';
import {
  insertAppeal,
  insertApplicant,
  insertApplication,
  insertEvent,
  listAppealsOf,
  nextReferenceNumber,
  updateAppeal,
  type ApplicationEventRow,
} from '../requests.repository.js';
import { parseInterchangeFile, type InterchangeProblem } from './interchange.rules.js';
import { applicantRowOf, applicationRowOf } from './interchange-rows.js';
import './interchange.messages.js';

/**
 * `gongkai requests import`: applications in the interchange format (contracts §4), e.g. an office
 * migrating its old cases, open ones included. The whole file is checked first; any problem refuses
 * it whole (nothing written) with each problem's line. Then everything is written in one transaction:
 * each application, its applicant (ID and phone encrypted, masks, identity HMAC), its event log and
 * appeals, and the state cache from the one derivation.
 */

export interface ImportApplicationsDeps {
  secrets: RequestSecrets;
  timeZone: string;
}

export class InterchangeFileError extends AppError {
  constructor(readonly problems: InterchangeProblem[]) {
    super('VALIDATION', 'requests.interchange.error.refused', {
      fields: problems.map((p) => ({ field: `line ${p.line}`, message: p.reason })),
    });
  }
}

export async function importApplications(
  ctx: UseCaseContext,
  deps: ImportApplicationsDeps,
  text: string,
  options: { source?: string } = {},
): Promise<{ imported: number; references: string[] }> {
  const db = ctx.database.db;
  const today = dateInTimeZone(ctx.now, deps.timeZone);
  const orgs = await db.selectFrom('orgs').select(['id', 'code', 'path', 'name', 'parent_id']).execute();
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const existing = await db.selectFrom('applications').select('reference').execute();
  const { applications, problems } = parseInterchangeFile(text, {
    knownOrgs: new Set(byCode.keys()),
    today,
    existingReferences: new Set(existing.map((r) => r.reference)),
  });
  if (problems.length > 0) throw new InterchangeFileError(problems);
  for (const { application } of applications) {
    assertCan(ctx.principal, 'request.handle', { orgPath: byCode.get(application.org)!.path });
  }
  const root = orgs.filter((o) => o.parent_id === null).sort((a, b) => a.id - b.id)[0];
  const prefix = referencePrefixOf(root?.code);

  return inTransaction(db, async (trx) => {
    const calendars = new Map<string, WorkingCalendar>();
    const dueSoonWorkdays = await readDueSoonWorkdays(trx);
    const references: string[] = [];
    const nowIso = ctx.now.toISOString();
    for (const { application: a } of applications) {
      // 转办 inside the platform: the last receiving organisation holds it.
      let holder = byCode.get(a.org)!;
      const transferFrom: string[] = [];
      for (const e of a.events) {
        if (e.type === 'transferred') {
          transferFrom.push(holder.code);
          holder = byCode.get(e.to)!;
        }
      }
      const reference =
        a.reference ??
        formatReference(prefix, yearOf(a.receivedOn), await nextReferenceNumber(trx, yearOf(a.receivedOn)));
      references.push(reference);
      const id = await insertApplication(
        trx,
        applicationRowOf(a, {
          orgId: holder.id,
          reference,
          registeredBy: ctx.principal.userId,
          nowIso,
          today,
        }),
      );
      await insertApplicant(trx, {
        ...applicantRowOf(a.applicant, deps.secrets, nowIso),
        application_id: id,
      });
      const rows = await insertEvents(
        trx,
        ctx,
        id,
        a.receivedOn,
        a.channel,
        a.events,
        transferFrom,
        options.source,
      );
      await insertAppeals(trx, id, a.events, nowIso);
      const app = await trx
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      let calendar = calendars.get(holder.path);
      if (!calendar)
        calendars.set(holder.path, (calendar = await loadWorkingCalendar(trx, { orgPath: holder.path })));
      await refreshApplicationState(trx, deps, { app, org: holder, events: rows }, ctx.now, {
        calendar,
        dueSoonWorkdays,
      });
    }
    await audit(ctx, trx, {
      action: 'request.import',
      entityType: 'application_import',
      entityId: options.source ?? null,
      // The references only: never personal data in the audit log.
      after: { count: references.length, references: references.slice(0, 1000) },
    });
    return { imported: references.length, references };
  });
}

async function insertEvents(
  trx: Tx,
  ctx: UseCaseContext,
  applicationId: number,
  receivedOn: string,
  channel: string,
  events: readonly Record<string, unknown>[],
  transferFrom: string[],
  source: string | undefined,
): Promise<ApplicationEventRow[]> {
  const rows: ApplicationEventRow[] = [];
  const createdAt = ctx.now.toISOString();
  const push = async (type: string, on: string, payload: Record<string, unknown>) => {
    const row = {
      application_id: applicationId,
      seq: rows.length + 1,
      type,
      on_date: on,
      payload_json: JSON.stringify(payload),
      actor_user_id: ctx.principal.userId,
      actor_label: 'import',
      created_at: createdAt,
    };
    rows.push({ ...row, id: await insertEvent(trx, row) });
  };
  await push('registered', receivedOn, { channel, imported: true, source: source ?? null });
  let transfers = 0;
  for (const e of events) {
    const { type, on, ...fields } = e as { type: string; on: string } & Record<string, unknown>;
    if (type === 'transferred') fields.from = transferFrom[transfers++];
    await push(type, on, fields);
  }
  return rows;
}

/** `appeal_filed` / `appeal_decided` events also keep their rows (annual-report table 四). */
async function insertAppeals(
  trx: Tx,
  applicationId: number,
  events: readonly Record<string, unknown>[],
  nowIso: string,
): Promise<void> {
  for (const e of events) {
    if (e.type === 'appeal_filed') {
      await insertAppeal(trx, {
        application_id: applicationId,
        kind: String(e.kind),
        filed_on: String(e.on),
        body: typeof e.body === 'string' ? e.body : '',
        case_number: typeof e.caseNumber === 'string' ? e.caseNumber : null,
        result: null,
        decided_on: null,
        created_at: nowIso,
        updated_at: nowIso,
      });
    } else if (e.type === 'appeal_decided') {
      const open = (await listAppealsOf(trx, applicationId)).find(
        (a) => a.kind === e.kind && a.result === null,
      );
      if (open) {
        await updateAppeal(trx, open.id, {
          result: String(e.result),
          decided_on: String(e.on),
          updated_at: nowIso,
        });
      }
    }
  }
}
