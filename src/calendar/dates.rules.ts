/**
 * Calendar dates as `YYYY-MM-DD` strings. All arithmetic happens on UTC midnights, so neither the
 * machine's time zone nor daylight saving can shift a day; the office time zone matters only when an
 * instant is turned into a date (`dateInTimeZone`).
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digit at `i` of `s` (0–9), or −1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD` (2025-02-29 is not). Called for every
 * day a deadline walks over, so it reads the characters instead of building a Date.
 */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false; // '-'
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = digitAt(value, i);
    if (d < 0) return false;
    y = y * 10 + d;
  }
  const m1 = digitAt(value, 5);
  const m2 = digitAt(value, 6);
  const d1 = digitAt(value, 8);
  const d2 = digitAt(value, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  // Years 0–99 were never valid (Date.UTC maps them to 1900–1999); keep it so.
  if (y < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function assertIsoDate(value: string): void {
  if (!isIsoDate(value)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
}

function toUtcMs(date: IsoDate): number {
  assertIsoDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day after each date asked for so far (deadline walks ask for the same days again and again). */
const nextDays = new Map<IsoDate, IsoDate>();
const NEXT_DAYS_KEPT = 50_000;

/** `date` plus `days` calendar days (negative goes back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  if (days !== 1) return fromUtcMs(toUtcMs(date) + days * DAY_MS);
  const known = nextDays.get(date);
  if (known !== undefined) return known;
  // Only a valid date gets here past toUtcMs, so only valid dates are kept.
  const next = fromUtcMs(toUtcMs(date) + DAY_MS);
  if (nextDays.size >= NEXT_DAYS_KEPT) nextDays.clear();
  nextDays.set(date, next);
  return next;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: IsoDate): number {
  assertIsoDate(date);
  return Number(date.slice(0, 4));
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** `YYYY-MM-DD` strings compare correctly as strings; these read better at call sites. */
export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return a < b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/**
 * The calendar date of `instant` in `timeZone` (an IANA name such as `Asia/Shanghai`): an
 * application submitted at 2025-03-01T17:30:00Z arrived on 2025-03-02 in Shanghai.
 */
export function dateInTimeZone(instant: Date | string, timeZone: string): IsoDate {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(instant)}`);
  // The same second in the same zone is the same date (UTC offsets are whole seconds): a request
  // asks several times for "today", and formatToParts is slow.
  const second = Math.floor(ms / 1000);
  const last = lastDates.get(timeZone);
  if (last && last.second === second) return last.date;
  const date = formatDateInTimeZone(at, timeZone);
  lastDates.set(timeZone, { second, date });
  return date;
}

const lastDates = new Map<string, { second: number; date: IsoDate }>();

function formatDateInTimeZone(at: Date, timeZone: string): IsoDate {
  const parts = dateFormatOf(timeZone).formatToParts(at);
  let year = '';
  let month = '';
  let day = '';
  for (const p of parts) {
    if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
  }
  return `${year}-${month}-${day}`;
}

/**
 * One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than formatting with
 * it, and every submission and every state refresh asks for today's date. Formatters are immutable,
 * so sharing them is safe; an unknown zone throws here as before (and is not cached).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormatOf(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    // A handful of zones in practice; the bound only guards against unbounded distinct inputs.
    if (dateFormats.size >= 64) dateFormats.clear();
    dateFormats.set(timeZone, format);
  }
  return format;
}
