import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import type { IsoDate } from '../calendar/dates.rules.js';
import { deriveApplicationState } from '../requests/application-state.rules.js';
import { toRuleEvents } from '../requests/application-log.js';
import type { CaseFacts } from './supervision.rules.js';

/** The columns of an application supervision reads (no applicant data). */
export interface CaseRow {
  id: number;
  org_id: number;
  reference: string;
  handler_user_id: number | null;
  received_on: string;
  status: string;
}

export interface CaseEventRow {
  application_id: number;
  type: string;
  on_date: string;
  payload_json: string;
}

/**
 * One application's facts as of `asOf`, from its event log through `deriveApplicationState` (the one
 * place an application's state is computed), with events after `asOf` left out so a past quarter's
 * figures do not change when later events arrive. Pure: the calendar is an input.
 */
export function deriveCaseFacts(
  app: CaseRow,
  events: readonly CaseEventRow[],
  calendar: WorkingCalendar,
  asOf: IsoDate,
  dueSoonWorkdays: number,
): CaseFacts {
  const known = toRuleEvents(events.filter((e) => e.on_date <= asOf));
  const state = deriveApplicationState(app.received_on, known, calendar, asOf, { dueSoonWorkdays });
  const deadline = state.deadline;
  const isOpen = state.closedOn === null;
  const isAnswered = state.status === 'closed';
  const correction = known.find((e) => e.type === 'correction_requested');
  return {
    applicationId: app.id,
    orgId: app.org_id,
    reference: app.reference,
    handlerUserId: app.handler_user_id,
    receivedOn: app.received_on,
    dueOn: state.dueOn,
    closedOn: state.closedOn,
    status: state.status,
    isOpen,
    isDueSoon: isOpen && state.dueSoon,
    isOverdue: isOpen && state.overdue,
    workingDaysLeft: deadline.workingDaysLeft,
    isAnswered,
    isAnsweredLate: isAnswered && deadline.findings.includes('answered_late'),
    answerWorkingDays:
      isAnswered && state.closedOn !== null
        ? calendar.countWorkingDaysBetween(app.received_on, state.closedOn)
        : null,
    correctionRequestedOn: correction?.on ?? null,
    isCorrectionRequestLate: deadline.findings.includes('correction_request_late'),
    // 条例第三十二条: a window "ends by window" when the reply came after it, or has not come by asOf.
    consultationWindowsPassed: deadline.pauses
      .filter((p) => p.cause === 'consultation' && p.endedBy === 'window' && p.windowEnd < asOf)
      .map((p) => p.windowEnd),
  };
}

/** The stored form of a case's facts (supervision_case_facts, migration 0014). */
export function caseFactsRowOf(
  facts: CaseFacts,
  meta: { asOf: string; basis: string; eventCount: number },
): {
  application_id: number;
  as_of: string;
  basis: string;
  event_count: number;
  org_id: number;
  received_on: string;
  closed_on: string | null;
  is_open: number;
  is_due_soon: number;
  is_overdue: number;
  is_answered: number;
  is_answered_late: number;
  answer_working_days: number | null;
  correction_requested_on: string | null;
  is_correction_late: number;
  consultation_window_ends: string;
} {
  return {
    application_id: facts.applicationId,
    as_of: meta.asOf,
    basis: meta.basis,
    event_count: meta.eventCount,
    org_id: facts.orgId,
    received_on: facts.receivedOn,
    closed_on: facts.closedOn,
    is_open: facts.isOpen ? 1 : 0,
    is_due_soon: facts.isDueSoon ? 1 : 0,
    is_overdue: facts.isOverdue ? 1 : 0,
    is_answered: facts.isAnswered ? 1 : 0,
    is_answered_late: facts.isAnsweredLate ? 1 : 0,
    answer_working_days: facts.answerWorkingDays,
    correction_requested_on: facts.correctionRequestedOn,
    is_correction_late: facts.isCorrectionRequestLate ? 1 : 0,
    consultation_window_ends: facts.consultationWindowsPassed.join(','),
  };
}
