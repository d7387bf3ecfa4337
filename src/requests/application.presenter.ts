import type { ApplicationState } from './application-state.rules.js';
import { parsePayload } from './application-log.js';
import type {
  AppealRow,
  ApplicantRow,
  ApplicationEventRow,
  ApplicationFileRow,
  ApplicationRow,
} from './requests.repository.js';
import { PUBLIC_FILE_KINDS } from './requests.tables.js';

/**
 * Presenters guard what leaves. The public view (the applicant's tracking page, any public API) has
 * no ID number, no phone, no name of a staff member or of a consulted third party; the staff view
 * has masked ID and phone numbers (full values only through revealApplicantIdentity).
 */

export interface PublicLetter {
  kind: string;
  title: string;
  text: string;
  on: string;
}

export interface PublicTimelineEntry {
  type: string;
  on: string;
  /** Facts the applicant may see for this step (never who did it). */
  facts: Record<string, unknown>;
}

export interface PublicApplicationView {
  reference: string;
  orgName: string;
  channel: string;
  receivedOn: string;
  description: string;
  status: string;
  outcome: string | null;
  dueOn: string | null;
  isProvisional: boolean;
  closedOn: string | null;
  canWithdraw: boolean;
  canSubmitCorrection: boolean;
  timeline: PublicTimelineEntry[];
  letters: PublicLetter[];
  files: { id: number; kind: string; name: string; contentType: string; size: number | null }[];
}

/** Per event type, the payload fields the applicant may see. */
const PUBLIC_FACTS: Record<string, readonly string[]> = {
  registered: ['channel'],
  correction_requested: ['correctionDueOn', 'items'],
  correction_received: [],
  consultation_started: ['party', 'windowEndsOn'],
  consultation_ended: [],
  extended: ['workdays', 'reason'],
  fee_notified: ['amountYuan', 'basis', 'feeDueOn'],
  fee_paid: [],
  closed: ['outcome', 'groundLabel', 'article'],
  withdrawn: [],
  transferred: ['toOrgName'],
  delivered: ['method'],
  appeal_filed: ['kind'],
  appeal_decided: ['kind', 'result'],
};

function pick(payload: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in payload).map((k) => [k, payload[k]]));
}

function lettersOf(events: readonly ApplicationEventRow[]): PublicLetter[] {
  return events.flatMap((e) => {
    // A consultation letter goes to the third party, not the applicant.
    if (e.type === 'consultation_started') return [];
    const letter = parsePayload(e).letter as { kind?: string; title?: string; text?: string } | undefined;
    return letter?.title && letter.text
      ? [{ kind: letter.kind ?? e.type, title: letter.title, text: letter.text, on: e.on_date }]
      : [];
  });
}

export function presentApplicationForPublic(input: {
  app: ApplicationRow;
  orgName: string;
  events: readonly ApplicationEventRow[];
  files: readonly ApplicationFileRow[];
  orgNamesByCode?: ReadonlyMap<string, string>;
}): PublicApplicationView {
  const { app } = input;
  const isOpen = app.closed_on === null;
  return {
    reference: app.reference,
    orgName: input.orgName,
    channel: app.channel,
    receivedOn: app.received_on,
    description: app.description,
    status: app.status,
    outcome: app.outcome,
    dueOn: app.due_on,
    isProvisional: app.is_provisional === 1,
    closedOn: app.closed_on,
    canWithdraw: isOpen,
    canSubmitCorrection: isOpen && app.status === 'awaiting_correction',
    timeline: input.events
      .filter((e) => e.type in PUBLIC_FACTS)
      .map((e) => {
        const payload = parsePayload(e);
        if (e.type === 'transferred' && typeof payload.to === 'string') {
          payload.toOrgName = input.orgNamesByCode?.get(payload.to) ?? payload.to;
        }
        return { type: e.type, on: e.on_date, facts: pick(payload, PUBLIC_FACTS[e.type]!) };
      }),
    letters: lettersOf(input.events),
    files: input.files
      .filter((f) => PUBLIC_FILE_KINDS.includes(f.kind))
      .map((f) => ({ id: f.id, kind: f.kind, name: f.name, contentType: f.content_type, size: f.size })),
  };
}

export interface StaffApplicantView {
  type: string;
  name: string;
  idType: string | null;
  /** Masked: `440102********123X`. */
  idNumber: string | null;
  /** Masked: `138****5678`. */
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  orgName: string | null;
  creditCode: string | null;
  contactPerson: string | null;
}

export interface StaffApplicationView {
  id: number;
  reference: string;
  org: { id: number; code: string; name: string };
  channel: string;
  submittedAt: string;
  receivedOn: string;
  description: string;
  docNumber: string | null;
  docTitle: string | null;
  purpose: string | null;
  deliveryForm: string;
  deliveryMethod: string;
  isOral: boolean;
  handlerUserId: number | null;
  isVolumeFlagged: boolean;
  status: string;
  outcome: string | null;
  dueOn: string | null;
  overdue: boolean;
  dueSoon: boolean;
  closedOn: string | null;
  isProvisional: boolean;
  alerts: string[];
  findings: string[];
  explanation: ApplicationState['explanation'];
  applicant: StaffApplicantView | null;
  events: {
    id: number;
    seq: number;
    type: string;
    on: string;
    payload: Record<string, unknown>;
    actor: string;
    createdAt: string;
  }[];
  files: {
    id: number;
    kind: string;
    name: string;
    contentType: string;
    size: number | null;
    eventId: number | null;
  }[];
  appeals: {
    id: number;
    kind: string;
    filedOn: string;
    body: string;
    caseNumber: string | null;
    result: string | null;
    decidedOn: string | null;
  }[];
  letters: PublicLetter[];
}

export function presentApplicationForStaff(input: {
  app: ApplicationRow;
  org: { id: number; code: string; name: string };
  applicant: ApplicantRow | undefined;
  events: readonly ApplicationEventRow[];
  files: readonly ApplicationFileRow[];
  appeals: readonly AppealRow[];
  /** The state as of today (the live computation, not the cache). */
  state: ApplicationState;
}): StaffApplicationView {
  const { app, applicant, state } = input;
  return {
    id: app.id,
    reference: app.reference,
    org: input.org,
    channel: app.channel,
    submittedAt: app.submitted_at,
    receivedOn: app.received_on,
    description: app.description,
    docNumber: app.doc_number,
    docTitle: app.doc_title,
    purpose: app.purpose,
    deliveryForm: app.delivery_form,
    deliveryMethod: app.delivery_method,
    isOral: app.is_oral === 1,
    handlerUserId: app.handler_user_id,
    isVolumeFlagged: app.is_volume_flagged === 1,
    status: state.status,
    outcome: state.outcome,
    dueOn: state.dueOn,
    overdue: state.overdue,
    dueSoon: state.dueSoon,
    closedOn: state.closedOn,
    isProvisional: state.isProvisional,
    alerts: state.alerts,
    findings: state.deadline.findings,
    explanation: state.explanation,
    applicant: applicant
      ? {
          type: app.applicant_type,
          name: applicant.name,
          idType: applicant.id_type,
          idNumber: applicant.id_number_masked,
          phone: applicant.phone_masked,
          email: applicant.email,
          address: applicant.address,
          postcode: applicant.postcode,
          orgName: applicant.org_name,
          creditCode: applicant.credit_code,
          contactPerson: applicant.contact_person,
        }
      : null,
    events: input.events.map((e) => ({
      id: e.id,
      seq: e.seq,
      type: e.type,
      on: e.on_date,
      payload: parsePayload(e),
      actor: e.actor_label,
      createdAt: e.created_at,
    })),
    files: input.files.map((f) => ({
      id: f.id,
      kind: f.kind,
      name: f.name,
      contentType: f.content_type,
      size: f.size,
      eventId: f.event_id,
    })),
    appeals: input.appeals.map((a) => ({
      id: a.id,
      kind: a.kind,
      filedOn: a.filed_on,
      body: a.body,
      caseNumber: a.case_number,
      result: a.result,
      decidedOn: a.decided_on,
    })),
    letters: lettersOf(input.events),
  };
}
