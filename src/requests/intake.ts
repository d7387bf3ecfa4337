import { randomUUID } from 'node:crypto';
import { workingCalendarFromSelection } from '../calendar/calendar.repository.js';
import { isIsoDate, yearOf, type IsoDate } from '../calendar/dates.rules.js';
import { executeAndCommit, type Tx } from '../platform/db/transaction.js';
import type { MailMessage } from '../platform/mail/mailer.js';
import { AppError } from '../platform/errors.js';
import type { AuditEntry } from '../platform/audit/audit.js';
import { audit, auditRecordReadingHeadOf, type UseCaseContext } from '../platform/use-case.js';
import { maskIdNumber, maskPhone } from './applicant.rules.js';
import {
  applicationCache,
  intakeSettingsOf,
  SETTING_DUE_SOON_WORKDAYS,
  SETTING_VOLUME_THRESHOLD,
  todayOf,
  type HoldingOrg,
  type LoadedApplication,
  type NewEvent,
} from './application-log.js';
import type { ApplicationState } from './application-state.rules.js';
import type { Channel } from './codes.js';
import type { ReceiptDecision } from './receipt.rules.js';
import { formatReference, generateQueryCode, hashQueryCode, referencePrefixOf } from './reference.rules.js';
import type { RequestDeps } from './request-deps.js';
import type { FileInput, ParsedApplicant } from './request-input.js';
import {
  findIntakeFacts,
  insertFiles,
  insertNewApplication,
  nextReferenceNumber,
  NUMBERED_REFERENCE,
  numberApplicationAppendingAudit,
  setApplicationReferenceReadingAuditHead,
} from './requests.repository.js';
import type { ApplicationFileKind } from './requests.tables.js';

/** The shared part of online submission and 补录: one new application with its applicant and files. */

export interface NewApplicationFacts {
  orgCode: string;
  channel: Channel;
  receipt: ReceiptDecision;
  submittedAt: string;
  applicant: ParsedApplicant;
  description: string;
  docNumber: string | null;
  docTitle: string | null;
  purpose: string | null;
  deliveryForm: string;
  deliveryMethod: string;
  isOral: boolean;
  files: (FileInput & { kind: ApplicationFileKind })[];
  clientTokenHash?: string | null;
  /** Set when the query code comes from the online form's token (idempotent submits). */
  queryCode?: string;
  registeredBy: number | null;
  auditAction: 'request.submit' | 'request.register' | 'request.answer_on_the_spot';
  /**
   * The mail to queue once the reference is known (null: none), in the statements of the end: on
   * PostgreSQL with the reference and the audit record, when the mailer can describe its rows. There
   * it is composed with the provisional reference, which the server replaces by the number: the
   * reference must appear in the texts as given (not encoded or re-cased).
   */
  mail?: (created: { reference: string; orgName: string; dueOn: string | null }) => MailMessage | null;
  /**
   * The caller does nothing more in the transaction after this: on PostgreSQL the last statements
   * and COMMIT are then queued together (`executeAndCommit`), and the transaction is committed when
   * createApplication returns.
   */
  endsTransaction?: boolean;
}

export interface CreatedApplication {
  loaded: LoadedApplication;
  state: ApplicationState;
  reference: string;
  queryCode: string;
  isVolumeFlagged: boolean;
}

export async function findActiveOrgByCode(trx: Tx, code: string) {
  const org = await trx
    .selectFrom('orgs')
    .select(['id', 'code', 'path', 'name', 'is_active'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!org) throw AppError.validation([{ field: 'orgCode', message: 'requests.error.org_unknown' }]);
  if (org.is_active !== 1)
    throw AppError.validation([{ field: 'orgCode', message: 'requests.error.org_inactive' }]);
  return org;
}

/** The calendar month of `date`: first and last day. */
export function monthOf(date: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-31` };
}

/** The identity an applicant is counted by: the ID number, or an organisation's credit code. */
export function identityOf(applicant: ParsedApplicant): string | null {
  return applicant.type === 'natural_person' ? applicant.idNumber : applicant.creditCode;
}

/**
 * Inserts the application, its applicant (ID and phone encrypted, masks, identity HMAC), its files
 * and the `registered` event, flags 条例第三十五条 volume, computes the cache and audits. The caller
 * authorised and parsed; it sends the mail, or hands it over as `facts.mail` to go with the last writes.
 *
 * Built for many submissions at once (docs/decisions.md, "Online intake on PostgreSQL"): everything
 * that serialises concurrent transactions comes last — the year's reference number (its counter row
 * is locked until commit, so numbers stay gap-free) and the audit append (the chain's lock, likewise) —
 * so the rest of concurrent submissions overlaps on the pool's connections. The row is therefore
 * inserted with a provisional reference, unique and never committed, and given its number at the end.
 * The cache columns are computed before the insert (the same `applicationCache` that refreshes them),
 * and one read brings the organisation, the prefix, the settings, the volume count and the calendar's
 * inputs. On PostgreSQL the writes are two statements: the application with its applicant and
 * events, and the end — the counter, the audit chain's lock and head, the reference (written by the
 * server from the counter), the audit record (hashed on the server) and the mail (`facts.mail`) with
 * its send job. With BEGIN and the applicant's lock and COMMIT, five round trips in all; the end is
 * built before any lock is taken, and for an online submission COMMIT is queued right behind it.
 */
export async function createApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  trx: Tx,
  facts: NewApplicationFacts,
): Promise<CreatedApplication> {
  const receivedOn = facts.receipt.receivedOn;
  const a = facts.applicant;
  const identity = identityOf(a);
  const identityHmac = identity ? deps.secrets.identityHmac(identity) : null;
  // 条例第三十五条 counts this applicant's applications of the month: two of theirs at once must not
  // both miss the other (PostgreSQL; SQLite's writer is alone anyway). Other applicants are not held.
  if (identityHmac) await ctx.database.dialect.lockForAppend(trx as never, `applicant:${identityHmac}`);
  const known = await findIntakeFacts(trx, ctx.database.dialect.kind, {
    orgCode: facts.orgCode,
    settingKeys: [SETTING_DUE_SOON_WORKDAYS, SETTING_VOLUME_THRESHOLD],
    identityHmac,
    month: monthOf(receivedOn),
  });
  if (!known) throw AppError.validation([{ field: 'orgCode', message: 'requests.error.org_unknown' }]);
  if (known.is_active !== 1)
    throw AppError.validation([{ field: 'orgCode', message: 'requests.error.org_inactive' }]);
  const today = todayOf(ctx, deps);
  if (!isIsoDate(receivedOn))
    throw AppError.validation([{ field: 'on', message: 'requests.error.date_invalid' }]);
  if (receivedOn > today) {
    throw AppError.validation([{ field: 'receivedOn', message: 'requests.error.date_in_future' }]);
  }
  const org: HoldingOrg = { id: known.id, code: known.code, path: known.path, name: known.name };
  const settings = intakeSettingsOf({
    dueSoonWorkdaysJson: known.first_setting_json ?? null,
    volumeThresholdJson: known.second_setting_json ?? null,
  });
  const queryCode = facts.queryCode ?? generateQueryCode();
  const nowIso = ctx.now.toISOString();

  // This applicant's applications received this calendar month, this one included (hence + 1).
  const monthCount = identityHmac ? Number(known.month_count) + 1 : 0;
  const isVolumeFlagged = identityHmac !== null && monthCount > settings.volumeThreshold;

  const actorLabel = ctx.principal.kind === 'anonymous' ? 'applicant' : ctx.principal.username;
  const newEvents: NewEvent[] = [
    {
      type: 'registered',
      on: receivedOn,
      payload: {
        channel: facts.channel,
        receiptRule: facts.receipt.ruleKey,
        basis: facts.receipt.basis,
        isOral: facts.isOral,
      },
    },
  ];
  if (isVolumeFlagged) {
    newEvents.push({ type: 'volume_flagged', on: receivedOn, payload: { monthCount } });
  }
  const eventRows = newEvents.map((e, i) => ({
    seq: i + 1,
    type: e.type,
    on_date: e.on,
    payload_json: JSON.stringify(e.payload ?? {}),
    actor_user_id: ctx.principal.userId,
    actor_label: actorLabel,
    created_at: nowIso,
  }));
  const calendar = workingCalendarFromSelection(known, org.path);
  const { state, columns } = applicationCache(
    deps,
    { received_on: receivedOn },
    eventRows,
    ctx.now,
    calendar,
    settings.dueSoonWorkdays,
  );

  const { row: stored, eventIds } = await insertNewApplication(
    trx,
    ctx.database.dialect.kind,
    {
      org_id: org.id,
      reference: provisionalReference(),
      query_code_hash: hashQueryCode(queryCode),
      client_token_hash: facts.clientTokenHash ?? null,
      channel: facts.channel,
      submitted_at: facts.submittedAt,
      received_on: receivedOn,
      applicant_type: facts.applicant.type,
      description: facts.description,
      doc_number: facts.docNumber,
      doc_title: facts.docTitle,
      purpose: facts.purpose,
      delivery_form: facts.deliveryForm,
      delivery_method: facts.deliveryMethod,
      is_oral: facts.isOral ? 1 : 0,
      is_volume_flagged: isVolumeFlagged ? 1 : 0,
      handler_user_id: null,
      registered_by: facts.registeredBy,
      created_at: nowIso,
      ...columns,
    },
    {
      name: a.name,
      id_type: a.type === 'natural_person' ? (a.idType ?? null) : null,
      id_number_enc: a.idNumber ? deps.secrets.encrypt('id_number', a.idNumber) : null,
      id_number_masked: a.idNumber ? maskIdNumber(a.idNumber) : null,
      phone_enc: a.phone ? deps.secrets.encrypt('phone', a.phone) : null,
      phone_masked: a.phone ? maskPhone(a.phone) : null,
      identity_hmac: identityHmac,
      email: a.email,
      address: a.address,
      postcode: a.postcode,
      org_name: a.type === 'natural_person' ? null : a.name,
      credit_code: a.type === 'natural_person' ? null : a.creditCode,
      contact_person: a.contactPerson,
      created_at: nowIso,
    },
    eventRows,
  );
  const id = stored.id;

  await insertFiles(
    trx,
    facts.files.map((f) => ({
      application_id: id,
      event_id: null,
      kind: f.kind,
      storage_key: f.storageKey,
      name: f.name,
      content_type: f.contentType,
      size: f.size ?? null,
      created_by: ctx.principal.userId,
      created_at: nowIso,
    })),
  );

  // The serialised end: the year's number (its row stays locked until commit), the audit chain's
  // lock (likewise) and head, the reference and the record.
  const year = yearOf(receivedOn);
  const prefix = referencePrefixOf(known.root_code);
  const entryWith = (reference: string): AuditEntry => ({
    action: facts.auditAction,
    entityType: 'application',
    entityId: id,
    orgId: org.id,
    // Never personal data in the audit log: the reference, the channel and the dates.
    after: {
      reference,
      channel: facts.channel,
      receivedOn,
      receiptRule: facts.receipt.ruleKey,
      applicantType: a.type,
      isOral: facts.isOral,
      status: state.status,
      dueOn: state.dueOn,
      isVolumeFlagged,
    },
  });
  const mailWith = (reference: string) =>
    facts.mail?.({ reference, orgName: org.name, dueOn: state.dueOn }) ?? null;
  let reference: string;
  if (ctx.database.dialect.kind === 'postgres') {
    // One statement: the number (the counter row), the chain's lock and head, the reference written
    // by the server into the application, the audit record (hashed on the server) and the mail, which
    // were built with the provisional reference — all before the locks are taken. When the caller
    // ends the transaction here, COMMIT is queued right behind it, so no application code runs while
    // the locks are held.
    const provisional = stored.reference;
    const provisionalMail = deps.mailer.queuedMailRows ? mailWith(provisional) : null;
    const mailRows = provisionalMail ? deps.mailer.queuedMailRows!(provisionalMail) : undefined;
    const statement = numberApplicationAppendingAudit(
      trx,
      { id, provisionalReference: provisional, prefix, year },
      auditRecordReadingHeadOf(ctx, entryWith(provisional), {
        substitute: { text: provisional, by: NUMBERED_REFERENCE },
      }),
      mailRows,
    );
    const mailLater = !deps.mailer.queuedMailRows && facts.mail !== undefined;
    if (facts.endsTransaction && !mailLater) {
      const [numbered] = await executeAndCommit(trx, 'postgres', [statement]);
      reference = (numbered![0] as { reference: string }).reference;
    } else {
      reference = (await statement.executeTakeFirstOrThrow()).reference;
      const mail = mailLater ? mailWith(reference) : null;
      if (mail) await deps.mailer.queueMail(trx, mail);
    }
  } else {
    reference = formatReference(prefix, year, await nextReferenceNumber(trx, year));
    const head = await setApplicationReferenceReadingAuditHead(trx, id, reference);
    await audit(ctx, trx, entryWith(reference), { head });
    const mail = mailWith(reference);
    if (mail) await deps.mailer.queueMail(trx, mail);
  }
  const events = eventRows.map((row, i) => ({ ...row, application_id: id, id: eventIds[i]! }));
  const loaded: LoadedApplication = { app: { ...stored, reference }, org, events };
  return { loaded, state, reference, queryCode, isVolumeFlagged };
}

/**
 * The reference a new row carries until its number is taken at the end of the same transaction:
 * unique (the column is), shaped like no real reference, and never committed.
 */
function provisionalReference(): string {
  return `provisional:${randomUUID()}`;
}
