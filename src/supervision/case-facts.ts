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
