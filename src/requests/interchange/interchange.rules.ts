import { isIsoDate } from '../../calendar/dates.rules.js';
import { validateEventSequence } from '../application-state.rules.js';
import {
  isApplicantType,
  isChannel,
  type ApplicantType,
  type ApplicationEvent,
  type Channel,
  type EventType,
} from '../codes.js';
import { DELIVERY_METHODS, type DeliveryMethod } from '../request-input.js';

/**
 * The request interchange format (contracts §4, JSON Lines): one application a line. Parsing checks
 * every line against the codes, the dates and the order of events; a file with any problem is refused
 * whole, each problem named by its line. Pure.
 */

export interface InterchangeApplicant {
  type: ApplicantType;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  /** Organisations: the unified social credit code and the contact person (kept when present). */
  creditCode?: string | null;
  contactPerson?: string | null;
}

export interface InterchangeApplication {
  reference?: string;
  org: string;
  channel: Channel;
  applicant: InterchangeApplicant;
  submittedAt: string;
  receivedOn: string;
  description: string;
  delivery: DeliveryMethod;
  events: ApplicationEvent[];
}

export interface InterchangeProblem {
  line: number;
  reason: string;
}

/** The fields each event type carries in the format, after `type` and `on`, in this order. */
export const EVENT_FIELDS: Record<EventType, readonly string[]> = {
  correction_requested: ['correctionDueOn'],
  correction_received: [],
  consultation_started: ['party'],
  consultation_ended: [],
  extended: ['workdays'],
  fee_notified: ['amountYuan'],
  fee_paid: [],
  closed: ['outcome'],
  withdrawn: [],
  transferred: ['to'],
  appeal_filed: ['kind'],
  appeal_decided: ['kind', 'result'],
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function optionalText(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

/**
 * Checks one parsed line. `knownOrgs` are the organisation codes on the platform; `today` is the office
 * date (nothing may have happened after it).
 */
export function checkInterchangeLine(
  value: unknown,
  context: { knownOrgs: ReadonlySet<string>; today: string },
): { application: InterchangeApplication | null; reasons: string[] } {
  const reasons: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { application: null, reasons: ['a line must be one JSON object'] };
  }
  const v = value as Record<string, unknown>;
  if (v.reference !== undefined && !isText(v.reference)) reasons.push('"reference" must be text when given');
  if (!isText(v.org)) reasons.push('"org" is missing');
  else if (!context.knownOrgs.has(v.org)) reasons.push(`unknown organisation code ${JSON.stringify(v.org)}`);
  if (!isChannel(v.channel)) reasons.push(`unknown channel ${JSON.stringify(v.channel)}`);
  const a = v.applicant as Record<string, unknown> | undefined;
  if (typeof a !== 'object' || a === null) {
    reasons.push('"applicant" is missing');
  } else {
    if (!isApplicantType(a.type)) reasons.push(`unknown applicant type ${JSON.stringify(a.type)}`);
    if (!isText(a.name)) reasons.push('"applicant.name" is missing');
    for (const k of ['idNumber', 'phone', 'email', 'address', 'creditCode', 'contactPerson']) {
      if (!optionalText(a[k])) reasons.push(`"applicant.${k}" must be text`);
    }
  }
  if (
    typeof v.submittedAt !== 'string' ||
    !INSTANT.test(v.submittedAt) ||
    Number.isNaN(Date.parse(v.submittedAt))
  ) {
    reasons.push('"submittedAt" must be an ISO-8601 instant with its offset, like 2025-03-01T10:12:00+08:00');
  }
  if (!isIsoDate(v.receivedOn)) reasons.push('"receivedOn" must be a YYYY-MM-DD date');
  else if (v.receivedOn > context.today) reasons.push(`"receivedOn" ${v.receivedOn} is after today`);
  if (!isText(v.description)) reasons.push('"description" is missing');
  if (!(DELIVERY_METHODS as readonly unknown[]).includes(v.delivery)) {
    reasons.push(`unknown delivery ${JSON.stringify(v.delivery)} (one of ${DELIVERY_METHODS.join(', ')})`);
  }
  if (!Array.isArray(v.events)) {
    reasons.push('"events" must be a list');
  } else {
    for (const p of validateEventSequence(v.receivedOn, v.events)) {
      if (p.index >= 0) reasons.push(`event ${p.index + 1}: ${p.message} (${p.code})`);
    }
    v.events.forEach((e, i) => {
      if (typeof e !== 'object' || e === null) return;
      const ev = e as Record<string, unknown>;
      if (isIsoDate(ev.on) && ev.on > context.today) reasons.push(`event ${i + 1}: ${ev.on} is after today`);
      if (ev.type === 'transferred' && isText(ev.to) && !context.knownOrgs.has(ev.to)) {
        reasons.push(`event ${i + 1}: unknown organisation code ${JSON.stringify(ev.to)}`);
      }
    });
  }
  if (reasons.length > 0) return { application: null, reasons };
  return { application: value as InterchangeApplication, reasons };
}

/**
 * Parses a whole JSON Lines file (blank lines skipped). Duplicate references within the file are
 * problems too; `existingReferences` checks them against the platform.
 */
export function parseInterchangeFile(
  text: string,
  context: { knownOrgs: ReadonlySet<string>; today: string; existingReferences?: ReadonlySet<string> },
): { applications: { line: number; application: InterchangeApplication }[]; problems: InterchangeProblem[] } {
  const applications: { line: number; application: InterchangeApplication }[] = [];
  const problems: InterchangeProblem[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, reason: `not valid JSON (${err instanceof Error ? err.message : String(err)})` });
      return;
    }
    const { application, reasons } = checkInterchangeLine(value, context);
    for (const reason of reasons) problems.push({ line, reason });
    if (!application) return;
    if (application.reference) {
      const earlier = seen.get(application.reference);
      if (earlier !== undefined) {
        problems.push({ line, reason: `reference ${application.reference} repeats line ${earlier}` });
        return;
      }
      seen.set(application.reference, line);
      if (context.existingReferences?.has(application.reference)) {
        problems.push({ line, reason: `reference ${application.reference} is already on the platform` });
        return;
      }
    }
    applications.push({ line, application });
  });
  return { applications, problems };
}

/** The delivery form implied by the way of delivery (条例第二十九条(三)). */
export function deliveryFormOf(delivery: DeliveryMethod): 'paper' | 'electronic' {
  return delivery === 'post' || delivery === 'pickup' ? 'paper' : 'electronic';
}

/** An instant written in the office time zone with its offset: `2025-03-01T10:12:00+08:00`. */
export function formatOfficeInstant(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)) {
    if (p.type !== 'literal') parts[p.type] = p.value;
  }
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offset = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hh}:${mm}`;
}

/** One event as the format writes it: `type`, `on`, then the type's own fields. */
export function interchangeEventOf(
  event: { type: EventType; on: string } & Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: event.type, on: event.on };
  for (const k of EVENT_FIELDS[event.type]) if (event[k] !== undefined) out[k] = event[k];
  return out;
}
