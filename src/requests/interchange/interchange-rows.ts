import type { Insertable } from 'kysely';
import type { RequestSecrets } from '../applicant-crypto.js';
import { maskIdNumber, maskPhone } from '../applicant.rules.js';
import { generateQueryCode, hashQueryCode } from '../reference.rules.js';
import type { ApplicantsTable, ApplicationsTable } from '../requests.tables.js';
import {
  deliveryFormOf,
  type InterchangeApplicant,
  type InterchangeApplication,
} from './interchange.rules.js';

/**
 * The rows an application in the interchange format (contracts §4) becomes: one mapping for the
 * import and for the demo city's bulk load. The state columns start as "received"; the caller derives
 * them from the event log (refreshApplicationState, or computeApplicationState for a bulk insert).
 */
export function applicationRowOf(
  a: InterchangeApplication,
  at: { orgId: number; reference: string; registeredBy: number | null; nowIso: string; today: string },
): Insertable<ApplicationsTable> {
  return {
    org_id: at.orgId,
    reference: at.reference,
    // Brought-in cases have no query code the applicant knows: a random one, discarded.
    query_code_hash: hashQueryCode(generateQueryCode()),
    client_token_hash: null,
    channel: a.channel,
    submitted_at: new Date(a.submittedAt).toISOString(),
    received_on: a.receivedOn,
    applicant_type: a.applicant.type,
    description: a.description,
    doc_number: null,
    doc_title: null,
    purpose: null,
    delivery_form: deliveryFormOf(a.delivery),
    delivery_method: a.delivery,
    handler_user_id: null,
    registered_by: at.registeredBy,
    status: 'received',
    outcome: null,
    due_on: null,
    closed_on: null,
    last_event_on: a.receivedOn,
    state_computed_on: at.today,
    created_at: at.nowIso,
    updated_at: at.nowIso,
  };
}

/** The applicant row: ID number and phone encrypted and masked, the identity's keyed HMAC. */
export function applicantRowOf(
  p: InterchangeApplicant,
  secrets: RequestSecrets,
  nowIso: string,
): Omit<Insertable<ApplicantsTable>, 'application_id'> {
  const isPerson = p.type === 'natural_person';
  const identity = isPerson ? p.idNumber : p.creditCode;
  return {
    name: p.name,
    id_type: isPerson && p.idNumber ? 'resident_id' : null,
    id_number_enc: p.idNumber ? secrets.encrypt('id_number', p.idNumber) : null,
    id_number_masked: p.idNumber ? maskIdNumber(p.idNumber) : null,
    phone_enc: p.phone ? secrets.encrypt('phone', p.phone) : null,
    phone_masked: p.phone ? maskPhone(p.phone) : null,
    identity_hmac: identity ? secrets.identityHmac(identity) : null,
    email: p.email ?? null,
    address: p.address ?? null,
    postcode: null,
    org_name: isPerson ? null : p.name,
    credit_code: isPerson ? null : (p.creditCode ?? null),
    contact_person: p.contactPerson ?? null,
    created_at: nowIso,
  };
}
