import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import { isIsoDate, type IsoDate } from '../calendar/dates.rules.js';
import {
  isAppealKind,
  isAppealResult,
  isConsultationParty,
  isEventType,
  isOutcome,
  type AppealKind,
  type AppealResult,
  type ApplicationEvent,
  type ApplicationStatus,
  type Outcome,
} from './codes.js';
import {
  computeDeadline,
  MAX_EXTENSION_WORKDAYS,
  type Deadline,
  type DeadlineOptions,
} from './deadline.rules.js';

/**
 * "An application is its event log" (docs/architecture.md): status, outcome and due date come from
 * the events through `deriveApplicationState` and nowhere else; stored copies are caches of it.
 */

export interface AppealState {
  kind: AppealKind;
  filedOn: IsoDate;
  /** null while pending (尚未审结). */
  result: AppealResult | null;
  decidedOn: IsoDate | null;
}

/** Things staff must act on now; none changes the computed dates. */
export type StateAlert =
  | 'correction_deadline_passed' // the applicant did not correct in time: close as other.no_correction (条例30)
  | 'fee_deadline_passed' // unpaid 20 working days after the notice: close as other.fee_unpaid (条例42)
  | 'consultation_window_passed'; // 15 working days without a reply: the office decides (条例32)

export interface ApplicationState {
  status: ApplicationStatus;
  outcome: Outcome | null;
  dueOn: IsoDate | null;
  overdue: boolean;
  dueSoon: boolean;
  closedOn: IsoDate | null;
  isProvisional: boolean;
  /** The organisation code of the last 转办, if any (the clock is unaffected). */
  transferredTo: string | null;
  appeals: AppealState[];
  alerts: StateAlert[];
  deadline: Deadline;
  explanation: Deadline['explanation'];
}

/** The one place an application's state is computed. `events` must pass `validateEventSequence`. */
export function deriveApplicationState(
  receivedOn: IsoDate,
  events: readonly ApplicationEvent[],
  calendar: WorkingCalendar,
  today: IsoDate,
  options: DeadlineOptions = {},
): ApplicationState {
  const deadline = computeDeadline(receivedOn, events, calendar, today, options);
  const closing = events.find((e) => e.type === 'closed' || e.type === 'withdrawn');
  const relevant = closing ? events.slice(0, events.indexOf(closing) + 1) : events;

  let status: ApplicationStatus;
  let outcome: Outcome | null = null;
  if (closing?.type === 'closed') {
    status = 'closed';
    outcome = closing.outcome;
  } else if (closing?.type === 'withdrawn') {
    // Contracts §4: a withdrawal closes the application as other.other.
    status = 'withdrawn';
    outcome = 'other.other';
  } else if (deadline.isAwaitingCorrection) {
    status = 'awaiting_correction';
  } else if (
    deadline.pauses.some((p) => p.cause === 'fee' && (p.endedBy === 'still_open' || isUnpaidFee(p, relevant)))
  ) {
    status = 'awaiting_fee';
  } else if (deadline.pauses.some((p) => p.cause === 'consultation' && p.endedBy === 'still_open')) {
    status = 'consulting';
  } else if (relevant.some((e) => e.type === 'extended')) {
    status = 'extended';
  } else {
    status = 'received';
  }

  const alerts: StateAlert[] = [];
  if (!closing) {
    if (
      deadline.isAwaitingCorrection &&
      deadline.correctionDueOn !== null &&
      today > deadline.correctionDueOn
    ) {
      alerts.push('correction_deadline_passed');
    }
    if (status === 'awaiting_fee' && deadline.feeDueOn !== null && today > deadline.feeDueOn) {
      alerts.push('fee_deadline_passed');
    }
    if (
      deadline.pauses.some(
        (p) => p.cause === 'consultation' && p.endedBy === 'window' && isOpenConsultation(p, relevant),
      )
    ) {
      alerts.push('consultation_window_passed');
    }
  }

  const appeals: AppealState[] = [];
  for (const e of events) {
    if (e.type === 'appeal_filed')
      appeals.push({ kind: e.kind, filedOn: e.on, result: null, decidedOn: null });
    if (e.type === 'appeal_decided') {
      const open = appeals.find((a) => a.kind === e.kind && a.result === null);
      if (open) Object.assign(open, { result: e.result, decidedOn: e.on });
    }
  }
  const transfers = relevant.filter((e) => e.type === 'transferred');

  return {
    status,
    outcome,
    dueOn: deadline.dueOn,
    overdue: deadline.overdue,
    dueSoon: deadline.dueSoon,
    closedOn: closing?.on ?? null,
    isProvisional: deadline.isProvisional,
    transferredTo: transfers.at(-1)?.to ?? null,
    appeals,
    alerts,
    deadline,
    explanation: deadline.explanation,
  };
}

/** A fee pause that ended at the payment deadline with no payment recorded. */
function isUnpaidFee(pause: Deadline['pauses'][number], events: readonly ApplicationEvent[]): boolean {
  if (pause.endedBy !== 'fee_deadline') return false;
  const noticeIndex = events.findIndex((e) => e.type === 'fee_notified' && e.on === pause.start);
  return !events.slice(noticeIndex + 1).some((e) => e.type === 'fee_paid');
}

function isOpenConsultation(pause: Deadline['pauses'][number], events: readonly ApplicationEvent[]): boolean {
  const startIndex = events.findIndex((e) => e.type === 'consultation_started' && e.on === pause.start);
  return !events.slice(startIndex + 1).some((e) => e.type === 'consultation_ended');
}

/** A problem with an event log: `index` is the event's position (−1 for the receipt date itself). */
export interface EventProblem {
  index: number;
  code: EventProblemCode;
  message: string;
}

export type EventProblemCode =
  | 'received_on_invalid'
  | 'event_invalid'
  | 'event_type_unknown'
  | 'date_invalid'
  | 'out_of_order'
  | 'before_receipt'
  | 'after_close'
  | 'extension_twice'
  | 'extension_workdays_invalid'
  | 'extension_while_awaiting_correction'
  | 'correction_twice'
  | 'correction_after_extension'
  | 'correction_due_invalid'
  | 'correction_received_without_request'
  | 'correction_received_twice'
  | 'consultation_already_open'
  | 'consultation_party_invalid'
  | 'consultation_ended_without_start'
  | 'fee_already_open'
  | 'fee_amount_invalid'
  | 'fee_paid_without_notice'
  | 'outcome_invalid'
  | 'outcome_inconsistent'
  | 'transfer_target_missing'
  | 'appeal_kind_invalid'
  | 'appeal_result_invalid'
  | 'appeal_decided_without_filing';

/**
 * Checks an event log against the order the law allows (contracts §4), without a calendar: the
 * statutory lateness questions (a late correction request, a late answer) are supervision findings of
 * `computeDeadline`, not errors. Accepts unknown input so import can call it on parsed JSON.
 */
export function validateEventSequence(receivedOn: unknown, events: readonly unknown[]): EventProblem[] {
  const problems: EventProblem[] = [];
  const add = (index: number, code: EventProblemCode, message: string) =>
    problems.push({ index, code, message });
  const receiptOk = isIsoDate(receivedOn);
  if (!receiptOk) add(-1, 'received_on_invalid', 'receivedOn must be a YYYY-MM-DD date');

  let previous: string | null = null;
  let closedAt: number | null = null;
  let extensions = 0;
  let correctionRequested = false;
  let correctionReceived = false;
  let consultationOpen = false;
  let feeOpen = false;
  const openAppeals = new Map<string, number>();

  events.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) {
      add(index, 'event_invalid', 'an event must be an object with "type" and "on"');
      return;
    }
    const e = raw as Record<string, unknown>;
    if (!isEventType(e.type)) {
      add(index, 'event_type_unknown', `unknown event type ${JSON.stringify(e.type)}`);
      return;
    }
    const type = e.type;
    if (!isIsoDate(e.on)) {
      add(index, 'date_invalid', `"on" must be a YYYY-MM-DD date`);
    } else {
      if (previous !== null && e.on < previous)
        add(index, 'out_of_order', `${e.on} is earlier than the event before it`);
      if (receiptOk && e.on < receivedOn)
        add(index, 'before_receipt', `${e.on} is before the receipt date ${receivedOn}`);
      previous = e.on;
    }
    const isAppeal = type === 'appeal_filed' || type === 'appeal_decided';
    if (closedAt !== null && !isAppeal) {
      add(index, 'after_close', `only appeals may follow the closing event (event ${closedAt})`);
      return;
    }

    switch (type) {
      case 'correction_requested':
        // 条例第三十条: "一次性告知" — one request for correction, before any answer.
        if (correctionRequested) add(index, 'correction_twice', 'a correction may be requested only once');
        if (extensions > 0)
          add(index, 'correction_after_extension', 'a correction cannot be requested after an extension');
        if (!isIsoDate(e.correctionDueOn) || (isIsoDate(e.on) && e.correctionDueOn <= e.on)) {
          add(index, 'correction_due_invalid', 'correctionDueOn must be a date after the request');
        }
        correctionRequested = true;
        break;
      case 'correction_received':
        if (!correctionRequested)
          add(index, 'correction_received_without_request', 'no correction was requested');
        else if (correctionReceived)
          add(index, 'correction_received_twice', 'the correction has already arrived');
        correctionReceived = true;
        break;
      case 'consultation_started':
        if (consultationOpen) add(index, 'consultation_already_open', 'a consultation is already under way');
        if (!isConsultationParty(e.party))
          add(index, 'consultation_party_invalid', 'party must be third_party or agency');
        consultationOpen = true;
        break;
      case 'consultation_ended':
        if (!consultationOpen) add(index, 'consultation_ended_without_start', 'no consultation is under way');
        consultationOpen = false;
        break;
      case 'extended':
        // 条例第三十三条: once, by at most 20 working days.
        extensions++;
        if (extensions > 1) add(index, 'extension_twice', 'the deadline may be extended only once');
        if (
          typeof e.workdays !== 'number' ||
          !Number.isInteger(e.workdays) ||
          e.workdays < 1 ||
          e.workdays > MAX_EXTENSION_WORKDAYS
        ) {
          add(
            index,
            'extension_workdays_invalid',
            `workdays must be a whole number from 1 to ${MAX_EXTENSION_WORKDAYS}`,
          );
        }
        if (correctionRequested && !correctionReceived) {
          add(
            index,
            'extension_while_awaiting_correction',
            'the clock has not started: the correction has not arrived',
          );
        }
        break;
      case 'fee_notified':
        if (feeOpen) add(index, 'fee_already_open', 'an earlier fee notice is still unpaid');
        if (typeof e.amountYuan !== 'number' || !Number.isFinite(e.amountYuan) || e.amountYuan <= 0) {
          add(index, 'fee_amount_invalid', 'amountYuan must be a positive number');
        }
        feeOpen = true;
        break;
      case 'fee_paid':
        if (!feeOpen) add(index, 'fee_paid_without_notice', 'no fee notice is awaiting payment');
        feeOpen = false;
        break;
      case 'closed':
        if (!isOutcome(e.outcome)) {
          add(index, 'outcome_invalid', `unknown outcome ${JSON.stringify(e.outcome)}`);
        } else if (e.outcome === 'other.no_correction' && !(correctionRequested && !correctionReceived)) {
          add(
            index,
            'outcome_inconsistent',
            'other.no_correction needs a correction request left unanswered',
          );
        } else if (e.outcome === 'other.fee_unpaid' && !feeOpen) {
          add(index, 'outcome_inconsistent', 'other.fee_unpaid needs an unpaid fee notice');
        } else if (e.outcome === 'unavailable.unclear_after_correction' && !correctionReceived) {
          add(
            index,
            'outcome_inconsistent',
            'unavailable.unclear_after_correction needs a received correction',
          );
        }
        closedAt = index;
        break;
      case 'withdrawn':
        closedAt = index;
        break;
      case 'transferred':
        if (typeof e.to !== 'string' || e.to.trim() === '')
          add(index, 'transfer_target_missing', '"to" must name an organisation code');
        break;
      case 'appeal_filed':
        if (!isAppealKind(e.kind))
          add(index, 'appeal_kind_invalid', `unknown appeal kind ${JSON.stringify(e.kind)}`);
        else openAppeals.set(e.kind, (openAppeals.get(e.kind) ?? 0) + 1);
        break;
      case 'appeal_decided':
        if (!isAppealKind(e.kind)) {
          add(index, 'appeal_kind_invalid', `unknown appeal kind ${JSON.stringify(e.kind)}`);
        } else if ((openAppeals.get(e.kind) ?? 0) === 0) {
          add(index, 'appeal_decided_without_filing', `no ${e.kind} appeal is pending`);
        } else {
          openAppeals.set(e.kind, openAppeals.get(e.kind)! - 1);
        }
        if (!isAppealResult(e.result))
          add(index, 'appeal_result_invalid', `unknown appeal result ${JSON.stringify(e.result)}`);
        break;
    }
  });
  return problems;
}
