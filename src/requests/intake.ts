import { yearOf, type IsoDate } from '../calendar/dates.rules.js';
import type { Tx } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { maskIdNumber, maskPhone } from './applicant.rules.js';
import {
  appendEvents,
  readIntakeSettings,
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
  countApplicationsOfApplicant,
  insertApplicant,
  insertApplicationReturningRow,
  insertFile,
  nextReferenceNumber,
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

async function referencePrefix(trx: Tx): Promise<string> {
  const root = await trx
    .selectFrom('orgs')
    .select('code')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  return referencePrefixOf(root?.code);
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
 * authorised and parsed; it sends the mail.
 */
export async function createApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  trx: Tx,
  facts: NewApplicationFacts,
): Promise<CreatedApplication> {
  const org = await findActiveOrgByCode(trx, facts.orgCode);
  const receivedOn = facts.receipt.receivedOn;
  if (receivedOn > todayOf(ctx, deps)) {
    throw AppError.validation([{ field: 'receivedOn', message: 'requests.error.date_in_future' }]);
  }
  const prefix = await referencePrefix(trx);
  const year = yearOf(receivedOn);
  const reference = formatReference(prefix, year, await nextReferenceNumber(trx, year));
  const queryCode = facts.queryCode ?? generateQueryCode();
  const nowIso = ctx.now.toISOString();
  const settings = await readIntakeSettings(trx);

  const a = facts.applicant;
  const identity = identityOf(a);
  const identityHmac = identity ? deps.secrets.identityHmac(identity) : null;
  // 条例第三十五条: this applicant's applications received this calendar month, this one included
  // (counted before it is stored, hence + 1).
  let isVolumeFlagged = false;
  let monthCount = 0;
  if (identityHmac) {
    monthCount = (await countApplicationsOfApplicant(trx, identityHmac, monthOf(receivedOn))) + 1;
    isVolumeFlagged = monthCount > settings.volumeThreshold;
  }
  const base = await insertApplicationReturningRow(trx, {
    org_id: org.id,
    reference,
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
    status: 'received',
    outcome: null,
    due_on: null,
    closed_on: null,
    last_event_on: receivedOn,
    state_computed_on: todayOf(ctx, deps),
    created_at: nowIso,
    updated_at: nowIso,
  });
  const id = base.id;

  await insertApplicant(trx, {
    application_id: id,
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
  });
  for (const f of facts.files) {
    await insertFile(trx, {
      application_id: id,
      event_id: null,
      kind: f.kind,
      storage_key: f.storageKey,
      name: f.name,
      content_type: f.contentType,
      size: f.size ?? null,
      created_by: ctx.principal.userId,
      created_at: nowIso,
    });
  }

  const events: NewEvent[] = [
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
    events.push({ type: 'volume_flagged', on: receivedOn, payload: { monthCount } });
  }
  const holding: HoldingOrg = { id: org.id, code: org.code, path: org.path, name: org.name };
  const { state, loaded } = await appendEvents(
    ctx,
    deps,
    trx,
    { app: base, org: holding, events: [] },
    events,
    { dueSoonWorkdays: settings.dueSoonWorkdays },
  );
  await audit(ctx, trx, {
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
  return { loaded, state, reference, queryCode, isVolumeFlagged };
}
