import { addCalendarDays, isIsoDate, isWeekend, yearOf, type IsoDate } from './dates.rules.js';

export type { IsoDate } from './dates.rules.js';

/**
 * One year of the State Council's holiday arrangement (《国务院办公厅关于20XX年部分节假日安排的通知》):
 * the public holidays and the weekend days made working days (调休). Ordinary weekends are implicit.
 */
export interface PublishedYear {
  year: number;
  /** Where the data comes from, e.g. "国务院办公厅关于2026年部分节假日安排的通知 via chinese-days 1.5.7". */
  source: string;
  /** date → holiday name ("国庆节"). */
  holidays: Readonly<Record<IsoDate, string>>;
  /** date → the holiday whose 调休 made this weekend day a working day. */
  workdays: Readonly<Record<IsoDate, string>>;
}

export const OVERRIDE_KINDS = ['working', 'rest'] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

/** A day an office adds (rest) or takes back (working), e.g. a 民族自治地方 holiday. */
export interface CalendarOverride {
  date: IsoDate;
  kind: OverrideKind;
  note: string | null;
}

export type DayReason =
  | 'weekday'
  | 'weekend'
  | 'holiday'
  | 'adjusted_workday' // 调休上班日
  | 'office_rest'
  | 'office_working';

export interface DayInfo {
  date: IsoDate;
  isWorkingDay: boolean;
  reason: DayReason;
  /** The holiday name, the 调休 it belongs to, or the office's note. */
  name: string | null;
  /** The day's year has no published calendar (or late December before next year's notice). */
  isProvisional: boolean;
}

export type SkipReason = 'weekend' | 'holiday' | 'office_rest';
export interface SkippedDay {
  date: IsoDate;
  reason: SkipReason;
  name: string | null;
}
export interface WorkedWeekend {
  date: IsoDate;
  reason: 'adjusted_workday' | 'office_working';
  name: string | null;
}

/** What lies in the span `from < d ≤ to`: the explanation trail of a working-day computation. */
export interface WorkingDaySpan {
  from: IsoDate;
  to: IsoDate;
  workingDays: number;
  skipped: SkippedDay[];
  workedWeekends: WorkedWeekend[];
  isProvisional: boolean;
  /** Years touched by the span that have no published calendar (weekends-only there). */
  provisionalYears: number[];
}

export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
  describeDay(date: IsoDate): DayInfo;
  /** The n-th working day strictly after `date` (contracts §2); n = 0 gives `date` itself. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** `addWorkingDays` with its trail: the result is `span.to`. */
  explainAddWorkingDays(date: IsoDate, n: number): WorkingDaySpan;
  /** Working days d with a < d ≤ b; negative (−count of b < d ≤ a) when b is before a. */
  countWorkingDaysBetween(a: IsoDate, b: IsoDate): number;
  explainSpan(a: IsoDate, b: IsoDate): WorkingDaySpan;
  isProvisional(date: IsoDate): boolean;
  /** Whether any day d with a < d ≤ b is provisional. */
  isSpanProvisional(a: IsoDate, b: IsoDate): boolean;
  isYearPublished(year: number): boolean;
  sourceOf(year: number): string | null;
  readonly publishedYears: readonly number[];
}

/**
 * The State Council publishes next year's arrangement in Oct–Nov, and it can move late-December days
 * (元旦 2019 began on 2018-12-30 and made Saturday 2018-12-29 a working day). Until next year is
 * published, days from this month-day on are provisional too (docs/decisions.md, Deadlines).
 */
export const LATE_DECEMBER_FROM = '12-22';

/** Upper bound on the days a single computation may scan; a calendar with no working days stops here. */
const MAX_SCAN_DAYS = 3_700;
/** Days a calendar remembers its answer for (about 55 years); beyond it the memory starts afresh. */
const MAX_REMEMBERED_DAYS = 20_000;

export interface WorkingCalendarInput {
  years: readonly PublishedYear[];
  /** Office days, applied in order: a later override of the same date wins (city-wide first, then narrower). */
  overrides?: readonly CalendarOverride[];
}

export function buildWorkingCalendar(input: WorkingCalendarInput): WorkingCalendar {
  const holidays = new Map<IsoDate, string>();
  const workdays = new Map<IsoDate, string>();
  const sources = new Map<number, string>();
  for (const y of input.years) {
    sources.set(y.year, y.source);
    for (const [date, name] of Object.entries(y.holidays))
      if (yearOf(date) === y.year) holidays.set(date, name);
    for (const [date, name] of Object.entries(y.workdays))
      if (yearOf(date) === y.year) workdays.set(date, name);
  }
  const overrides = new Map<IsoDate, CalendarOverride>();
  for (const o of input.overrides ?? []) {
    if (!isIsoDate(o.date)) throw new RangeError(`Bad override date ${JSON.stringify(o.date)}`);
    overrides.set(o.date, o);
  }
  const publishedYears = [...sources.keys()].sort((a, b) => a - b);

  const isYearPublished = (year: number) => sources.has(year);

  const isProvisional = (date: IsoDate): boolean => {
    const year = yearOf(date);
    if (!isYearPublished(year)) return true;
    return date.slice(5) >= LATE_DECEMBER_FROM && !isYearPublished(year + 1);
  };

  // The calendar never changes once built (loadWorkingCalendar shares it between calls), so each
  // day's answer is kept: deadlines walk the same few months over and over. Frozen, since shared.
  const described = new Map<IsoDate, DayInfo>();
  const describeDay = (date: IsoDate): DayInfo => {
    let info = described.get(date);
    if (info === undefined) {
      info = Object.freeze(computeDay(date));
      if (described.size >= MAX_REMEMBERED_DAYS) described.clear();
      described.set(date, info);
    }
    return info;
  };

  const computeDay = (date: IsoDate): DayInfo => {
    const provisional = isProvisional(date);
    const override = overrides.get(date);
    if (override) {
      return override.kind === 'rest'
        ? {
            date,
            isWorkingDay: false,
            reason: 'office_rest',
            name: override.note,
            isProvisional: provisional,
          }
        : {
            date,
            isWorkingDay: true,
            reason: 'office_working',
            name: override.note,
            isProvisional: provisional,
          };
    }
    // chinese-days is silently wrong outside its years: only published years' data is consulted at all.
    if (isYearPublished(yearOf(date))) {
      const holiday = holidays.get(date);
      if (holiday !== undefined) {
        return { date, isWorkingDay: false, reason: 'holiday', name: holiday, isProvisional: provisional };
      }
      const adjusted = workdays.get(date);
      if (adjusted !== undefined) {
        return {
          date,
          isWorkingDay: true,
          reason: 'adjusted_workday',
          name: adjusted,
          isProvisional: provisional,
        };
      }
    }
    return isWeekend(date)
      ? { date, isWorkingDay: false, reason: 'weekend', name: null, isProvisional: provisional }
      : { date, isWorkingDay: true, reason: 'weekday', name: null, isProvisional: provisional };
  };

  const isWorkingDay = (date: IsoDate) => describeDay(date).isWorkingDay;

  /** Walks d = from+1, from+2, … while `keepGoing` says so, collecting the trail. */
  const walk = (
    from: IsoDate,
    keepGoing: (day: DayInfo, workingSoFar: number) => boolean,
  ): WorkingDaySpan => {
    const span: WorkingDaySpan = {
      from,
      to: from,
      workingDays: 0,
      skipped: [],
      workedWeekends: [],
      isProvisional: false,
      provisionalYears: [],
    };
    let d = from;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      const next = addCalendarDays(d, 1);
      const info = describeDay(next);
      if (!keepGoing(info, span.workingDays)) return span;
      d = next;
      span.to = d;
      if (info.isProvisional) {
        span.isProvisional = true;
        const y = yearOf(d);
        if (!isYearPublished(y) && !span.provisionalYears.includes(y)) span.provisionalYears.push(y);
      }
      if (info.isWorkingDay) {
        span.workingDays++;
        if (isWeekend(d)) {
          span.workedWeekends.push({
            date: d,
            reason: info.reason === 'office_working' ? 'office_working' : 'adjusted_workday',
            name: info.name,
          });
        }
      } else {
        span.skipped.push({ date: d, reason: info.reason as SkipReason, name: info.name });
      }
    }
    throw new RangeError(`No end within ${MAX_SCAN_DAYS} days after ${from}`);
  };

  const explainAddWorkingDays = (date: IsoDate, n: number): WorkingDaySpan => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0: ${n}`);
    if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
    return walk(date, (_day, working) => working < n);
  };

  const explainSpan = (a: IsoDate, b: IsoDate): WorkingDaySpan => {
    if (!isIsoDate(a) || !isIsoDate(b))
      throw new RangeError(`Not YYYY-MM-DD dates: ${JSON.stringify([a, b])}`);
    if (b < a) {
      const reversed = explainSpan(b, a);
      return { ...reversed, from: a, to: b, workingDays: -reversed.workingDays };
    }
    return walk(a, (day) => day.date <= b);
  };

  return {
    isWorkingDay,
    describeDay,
    addWorkingDays: (date, n) => explainAddWorkingDays(date, n).to,
    explainAddWorkingDays,
    countWorkingDaysBetween: (a, b) => explainSpan(a, b).workingDays,
    explainSpan,
    isProvisional,
    isSpanProvisional: (a, b) => explainSpan(a, b).isProvisional,
    isYearPublished,
    sourceOf: (year) => sources.get(year) ?? null,
    publishedYears,
  };
}
