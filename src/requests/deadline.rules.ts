import type { SkippedDay, WorkedWeekend, WorkingCalendar } from '../calendar/calendar.rules.js';
import { addCalendarDays, isWeekend, maxDate, minDate, type IsoDate } from '../calendar/dates.rules.js';
import type { ApplicationEvent } from './codes.js';
import type { ReceiptDecision } from './receipt.rules.js';

/**
 * The answer deadline of one application, computed from its receipt date and its events by the rules of
 * contracts §2, with the steps that explain it. Pure: the calendar and `today` are inputs.
 */

/** 条例第三十三条: answer within 20 working days after receipt. */
export const ANSWER_WORKDAYS = 20;
/** 条例第三十三条: one extension of at most 20 working days. */
export const MAX_EXTENSION_WORKDAYS = 20;
/** 条例第三十条: the correction request goes out within 7 working days after receipt. */
export const CORRECTION_REQUEST_WORKDAYS = 7;
/** 条例第三十二条, 第三十四条: the consulted party answers within 15 working days. */
export const CONSULTATION_WORKDAYS = 15;
/** 国办函〔2020〕109号 as restated by the 四川 implementing notice (cn-rules §3, [P]): pay within 20 working days. */
export const FEE_PAYMENT_WORKDAYS = 20;
/** Contracts §2: "due soon" is 3 working days or fewer left, configurable. */
export const DEFAULT_DUE_SOON_WORKDAYS = 3;

export interface DeadlineOptions {
  dueSoonWorkdays?: number;
  /** How the receipt date was decided (receipt.rules.ts), shown as the explanation's first step. */
  receipt?: ReceiptDecision;
}

export type PauseCause = 'consultation' | 'fee';

/** One pause: working days d with `start < d ≤ end` do not count (contracts §2). */
export interface Pause {
  cause: PauseCause;
  start: IsoDate;
  end: IsoDate;
  /** The statutory end: 15 working days for a consultation, the 20-working-day payment deadline for a fee. */
  windowEnd: IsoDate;
  endedBy: 'reply' | 'window' | 'payment' | 'fee_deadline' | 'still_open' | 'closed';
}

export type DeadlineStep =
  | { kind: 'receipt'; date: IsoDate; ruleKey: ReceiptDecision['ruleKey'] | null; basis: string | null }
  | {
      kind: 'correction_requested';
      date: IsoDate;
      correctionDueOn: IsoDate;
      requestDueOn: IsoDate;
      isLate: boolean;
    }
  | { kind: 'awaiting_correction'; correctionDueOn: IsoDate }
  | { kind: 'restart'; date: IsoDate }
  | {
      kind: 'counted';
      from: IsoDate;
      to: IsoDate;
      workingDays: number;
      total: number;
      workedWeekends: WorkedWeekend[];
    }
  | { kind: 'skipped'; from: IsoDate; to: IsoDate; days: SkippedDay[] }
  | {
      kind: 'paused';
      cause: PauseCause;
      from: IsoDate;
      to: IsoDate;
      workingDays: number;
      days: SkippedDay[];
      windowEnd: IsoDate;
      endedBy: Pause['endedBy'];
    }
  | { kind: 'extension'; date: IsoDate; workdays: number; total: number }
  | { kind: 'transfer'; date: IsoDate; to: string }
  | { kind: 'due'; date: IsoDate; workingDays: number; isProvisional: boolean };

/** Lateness that supervision reports; none of these is an error in the event log. */
export type DeadlineFinding =
  | 'correction_request_late' // 条例30: later than 7 working days after receipt
  | 'extension_after_due' // the extension was granted after the period it extends had run out
  | 'answered_late'; // closed after the due date

export interface Deadline {
  receivedOn: IsoDate;
  /** The day the answer clock counts from: receipt, or the corrected application's arrival (条例30). */
  clockStart: IsoDate;
  clockStartReason: 'receipt' | 'correction_received';
  /** The answer due date; null while a requested correction has not arrived (the clock has not started). */
  dueOn: IsoDate | null;
  /** 20, plus the extension. */
  totalWorkdays: number;
  extensionWorkdays: number;
  /** 7 working days after receipt: the latest day for a correction request. */
  correctionRequestDueOn: IsoDate;
  /** The applicant's correction deadline, as the office set it in its request. */
  correctionDueOn: IsoDate | null;
  /** 20 working days after the (last) fee notice: unpaid by then closes as `other.fee_unpaid`. */
  feeDueOn: IsoDate | null;
  pauses: Pause[];
  /** Whether the clock is paused as of `today` (an open consultation or unpaid fee within its window). */
  isPaused: boolean;
  isAwaitingCorrection: boolean;
  /** The day that decides lateness: the closing event's date, or `today` while open. */
  asOf: IsoDate;
  isClosed: boolean;
  /** Working days from `today` to the due date (negative when past); null when closed or unknown. */
  workingDaysLeft: number | null;
  overdue: boolean;
  dueSoon: boolean;
  isProvisional: boolean;
  findings: DeadlineFinding[];
  explanation: DeadlineStep[];
}

const MAX_WALK_DAYS = 3_700;

function openPauseEnd(start: IsoDate, windowEnd: IsoDate, horizon: IsoDate) {
  return horizon >= windowEnd ? windowEnd : maxDate(horizon, start);
}

/**
 * Computes the deadline of an application. `events` must be a valid sequence
 * (`validateEventSequence`); appeals are ignored here.
 */
export function computeDeadline(
  receivedOn: IsoDate,
  events: readonly ApplicationEvent[],
  calendar: WorkingCalendar,
  today: IsoDate,
  options: DeadlineOptions = {},
): Deadline {
  const dueSoonWorkdays = options.dueSoonWorkdays ?? DEFAULT_DUE_SOON_WORKDAYS;
  const closing = events.find((e) => e.type === 'closed' || e.type === 'withdrawn');
  const relevant = closing ? events.slice(0, events.indexOf(closing) + 1) : events;
  const asOf = closing ? closing.on : today;
  const findings: DeadlineFinding[] = [];
  const explanation: DeadlineStep[] = [
    {
      kind: 'receipt',
      date: receivedOn,
      ruleKey: options.receipt?.ruleKey ?? null,
      basis: options.receipt?.basis ?? null,
    },
  ];

  // 条例第三十条: the correction request is due within 7 working days; the clock restarts on arrival.
  const correctionRequestDueOn = calendar.addWorkingDays(receivedOn, CORRECTION_REQUEST_WORKDAYS);
  const requested = relevant.find((e) => e.type === 'correction_requested');
  const corrected = relevant.find((e) => e.type === 'correction_received');
  let clockStart = receivedOn;
  let clockStartReason: Deadline['clockStartReason'] = 'receipt';
  if (requested) {
    const isLate = requested.on > correctionRequestDueOn;
    if (isLate) findings.push('correction_request_late');
    explanation.push({
      kind: 'correction_requested',
      date: requested.on,
      correctionDueOn: requested.correctionDueOn,
      requestDueOn: correctionRequestDueOn,
      isLate,
    });
    if (corrected) {
      clockStart = corrected.on;
      clockStartReason = 'correction_received';
      explanation.push({ kind: 'restart', date: corrected.on });
    }
  }
  const isAwaitingCorrection = requested !== undefined && corrected === undefined;

  const extension = relevant.find((e) => e.type === 'extended');
  const extensionWorkdays = extension?.workdays ?? 0;
  const totalWorkdays = ANSWER_WORKDAYS + extensionWorkdays;

  // Pauses (条例第三十三条第二款 for consultations; the fee notice by contracts §2).
  const pauses: Pause[] = [];
  let openConsultation: { start: IsoDate; windowEnd: IsoDate } | null = null;
  let openFee: { start: IsoDate; windowEnd: IsoDate } | null = null;
  let feeDueOn: IsoDate | null = null;
  for (const e of relevant) {
    if (e.type === 'consultation_started') {
      openConsultation = { start: e.on, windowEnd: calendar.addWorkingDays(e.on, CONSULTATION_WORKDAYS) };
    } else if (e.type === 'consultation_ended' && openConsultation) {
      const { start, windowEnd } = openConsultation;
      pauses.push({
        cause: 'consultation',
        start,
        windowEnd,
        end: minDate(maxDate(e.on, start), windowEnd),
        endedBy: e.on <= windowEnd ? 'reply' : 'window',
      });
      openConsultation = null;
    } else if (e.type === 'fee_notified') {
      feeDueOn = calendar.addWorkingDays(e.on, FEE_PAYMENT_WORKDAYS);
      openFee = { start: e.on, windowEnd: feeDueOn };
    } else if (e.type === 'fee_paid' && openFee) {
      const { start, windowEnd } = openFee;
      pauses.push({
        cause: 'fee',
        start,
        windowEnd,
        end: minDate(maxDate(e.on, start), windowEnd),
        endedBy: e.on <= windowEnd ? 'payment' : 'fee_deadline',
      });
      openFee = null;
    }
  }
  let isPaused = false;
  for (const [cause, open] of [
    ['consultation', openConsultation],
    ['fee', openFee],
  ] as const) {
    if (!open) continue;
    const end = openPauseEnd(open.start, open.windowEnd, asOf);
    const stillOpen = end < open.windowEnd;
    if (stillOpen && !closing) isPaused = true;
    pauses.push({
      cause,
      start: open.start,
      windowEnd: open.windowEnd,
      end,
      endedBy: !stillOpen ? (cause === 'fee' ? 'fee_deadline' : 'window') : closing ? 'closed' : 'still_open',
    });
  }
  pauses.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  let dueOn: IsoDate | null = null;
  if (isAwaitingCorrection) {
    explanation.push({ kind: 'awaiting_correction', correctionDueOn: requested.correctionDueOn });
  } else {
    dueOn = walkToDue(clockStart, totalWorkdays, relevant, pauses, calendar, explanation);
  }

  if (extension && dueOn !== null) {
    const dueBefore = computeDueWithout(clockStart, ANSWER_WORKDAYS, pauses, calendar);
    if (extension.on > dueBefore) findings.push('extension_after_due');
  }

  const isClosed = closing !== undefined;
  const overdue = dueOn !== null && asOf > dueOn;
  if (isClosed && closing.type === 'closed' && overdue) findings.push('answered_late');
  const workingDaysLeft = !isClosed && dueOn !== null ? calendar.countWorkingDaysBetween(today, dueOn) : null;
  const dueSoon = workingDaysLeft !== null && !overdue && workingDaysLeft <= dueSoonWorkdays;
  const spanEnd = maxDate(dueOn ?? requested?.correctionDueOn ?? receivedOn, correctionRequestDueOn);
  const isProvisional = calendar.isSpanProvisional(addCalendarDays(receivedOn, -1), spanEnd);
  if (dueOn !== null)
    explanation.push({ kind: 'due', date: dueOn, workingDays: totalWorkdays, isProvisional });

  return {
    receivedOn,
    clockStart,
    clockStartReason,
    dueOn,
    totalWorkdays,
    extensionWorkdays,
    correctionRequestDueOn,
    correctionDueOn: requested?.correctionDueOn ?? null,
    feeDueOn,
    pauses,
    isPaused,
    isAwaitingCorrection,
    asOf,
    isClosed,
    workingDaysLeft,
    overdue,
    dueSoon,
    isProvisional,
    findings,
    explanation,
  };
}

function pauseOf(date: IsoDate, pauses: readonly Pause[]): Pause | undefined {
  return pauses.find((p) => p.start < date && date <= p.end);
}

/** The due date alone, without an explanation (used to judge a late extension). */
function computeDueWithout(
  clockStart: IsoDate,
  workdays: number,
  pauses: readonly Pause[],
  calendar: WorkingCalendar,
): IsoDate {
  let d = clockStart;
  let counted = 0;
  for (let i = 0; i < MAX_WALK_DAYS && counted < workdays; i++) {
    d = addCalendarDays(d, 1);
    if (calendar.isWorkingDay(d) && !pauseOf(d, pauses)) counted++;
  }
  if (counted < workdays)
    throw new RangeError(`No due date within ${MAX_WALK_DAYS} days after ${clockStart}`);
  return d;
}

/**
 * Walks the days after `clockStart`, counting working days outside pauses until `workdays` are
 * counted, and writes the explanation: counted runs, skipped rest days, paused runs, and the
 * extension and transfer events where they happened.
 */
function walkToDue(
  clockStart: IsoDate,
  workdays: number,
  events: readonly ApplicationEvent[],
  pauses: readonly Pause[],
  calendar: WorkingCalendar,
  explanation: DeadlineStep[],
): IsoDate {
  const markers = events.filter(
    (e): e is Extract<ApplicationEvent, { type: 'extended' | 'transferred' }> =>
      (e.type === 'extended' || e.type === 'transferred') && e.on >= clockStart,
  );
  let markerIndex = 0;
  const flushMarkersBefore = (date: IsoDate | null) => {
    while (markerIndex < markers.length && (date === null || markers[markerIndex]!.on < date)) {
      const m = markers[markerIndex++]!;
      if (m.type === 'extended') {
        explanation.push({
          kind: 'extension',
          date: m.on,
          workdays: m.workdays,
          total: ANSWER_WORKDAYS + m.workdays,
        });
      } else {
        explanation.push({ kind: 'transfer', date: m.on, to: m.to });
      }
    }
  };

  let current: DeadlineStep | null = null;
  let currentKey = '';
  const close = () => {
    if (current) explanation.push(current);
    current = null;
    currentKey = '';
  };

  let d = clockStart;
  let counted = 0;
  for (let i = 0; i < MAX_WALK_DAYS; i++) {
    d = addCalendarDays(d, 1);
    if (markerIndex < markers.length && markers[markerIndex]!.on < d) {
      close();
      flushMarkersBefore(d);
    }
    const info = calendar.describeDay(d);
    const pause = pauseOf(d, pauses);
    // One run per pause (holidays inside it included), per stretch of counted days, per rest stretch.
    const key = pause ? `paused:${pauses.indexOf(pause)}` : info.isWorkingDay ? 'counted' : 'skipped';
    if (current === null || key !== currentKey) {
      close();
      currentKey = key;
      if (pause) {
        current = {
          kind: 'paused',
          cause: pause.cause,
          from: d,
          to: d,
          workingDays: 0,
          days: [],
          windowEnd: pause.windowEnd,
          endedBy: pause.endedBy,
        };
      } else if (info.isWorkingDay) {
        current = { kind: 'counted', from: d, to: d, workingDays: 0, total: counted, workedWeekends: [] };
      } else {
        current = { kind: 'skipped', from: d, to: d, days: [] };
      }
    }
    const step: DeadlineStep = current;
    step.to = d;
    if (step.kind === 'paused') {
      if (info.isWorkingDay) step.workingDays++;
      else step.days.push({ date: d, reason: info.reason as SkippedDay['reason'], name: info.name });
    } else if (step.kind === 'counted') {
      counted++;
      step.workingDays++;
      step.total = counted;
      if (isWeekend(d)) {
        step.workedWeekends.push({
          date: d,
          reason: info.reason === 'office_working' ? 'office_working' : 'adjusted_workday',
          name: info.name,
        });
      }
    } else if (step.kind === 'skipped') {
      step.days.push({ date: d, reason: info.reason as SkippedDay['reason'], name: info.name });
    }
    if (counted === workdays) {
      close();
      flushMarkersBefore(addCalendarDays(d, 1));
      return d;
    }
  }
  throw new RangeError(`No due date within ${MAX_WALK_DAYS} days after ${clockStart}`);
}
