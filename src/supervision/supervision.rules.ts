import type { IsoDate } from '../calendar/dates.rules.js';
import { addCalendarDays } from '../calendar/dates.rules.js';

/**
 * Electronic supervision (电子监察): the figures per organisation and period, from plain rows. Pure:
 * the cases come already derived from their event logs (case-facts.ts uses deriveApplicationState, so
 * these figures, the case page and the annual report can never disagree), and time is an input.
 */

/** Contracts §2: "due soon" is 3 working days or fewer left. */
export const DEFAULT_DUE_SOON_WORKDAYS = 3;
/** Alaveteli's lesson (anchors §8): rates over a handful of cases are not shown or ranked. */
export const DEFAULT_MIN_COUNT = 5;
/** A case overdue this many working days is escalated to the office head and the city office. */
export const DEFAULT_ESCALATE_AFTER_WORKDAYS = 5;

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** One application as supervision sees it, derived from its log as of `asOf`. No personal data. */
export interface CaseFacts {
  applicationId: number;
  orgId: number;
  reference: string;
  handlerUserId: number | null;
  receivedOn: IsoDate;
  dueOn: IsoDate | null;
  /** The closing (answer or withdrawal) date, if closed by `asOf`. */
  closedOn: IsoDate | null;
  status: string;
  isOpen: boolean;
  isDueSoon: boolean;
  isOverdue: boolean;
  /** Working days from `asOf` to the due date; negative when overdue. */
  workingDaysLeft: number | null;
  /** Closed with an answer (not withdrawn). */
  isAnswered: boolean;
  isAnsweredLate: boolean;
  /** Working days from receipt to the answer (pauses included: what the applicant waited). */
  answerWorkingDays: number | null;
  /** 条例第三十条: the correction request's date, and whether it came after 7 working days. */
  correctionRequestedOn: IsoDate | null;
  isCorrectionRequestLate: boolean;
  /** 条例第三十二条: the ends of 15-working-day consultation windows that passed without a reply in time. */
  consultationWindowsPassed: IsoDate[];
}

/** Catalog counts of one organisation in the period (grouped SQL). */
export interface ItemCounts {
  orgId: number;
  published: number;
  /** 条例第二十六条: published more than 20 working days after formation. */
  late: number;
}

export interface IndicatorOptions {
  minCount: number;
}

/** A rate or a statistic that may be hidden by the minimum-count rule. */
export interface Guarded {
  value: number | null;
  /** The n the value is computed over. */
  n: number;
  /** True when n > 0 but n < minCount: the value is withheld, the page says why. */
  isBelowMinimum: boolean;
}

export interface OrgIndicators {
  orgId: number;
  open: number;
  dueSoon: number;
  overdue: number;
  answered: number;
  answeredLate: number;
  onTime: number;
  /** Share of answers in the period given on time, 0–1. */
  onTimeRate: Guarded;
  medianAnswerDays: Guarded;
  p90AnswerDays: Guarded;
  correctionsLate: number;
  consultationsPastWindow: number;
  itemsPublished: number;
  itemsLate: number;
}

export function isWithinPeriod(date: IsoDate | null, period: Period): boolean {
  return date !== null && date >= period.from && date <= period.to;
}

/** The median: the middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The p-th percentile by the nearest-rank method (the smallest value with at least p% of values at or
 * below it): always one of the values, so "90% were answered within N working days" reads literally.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** Applies the minimum-count rule: a value over fewer than `minCount` cases is withheld. */
export function guard(value: number | null, n: number, minCount: number): Guarded {
  const isBelowMinimum = n > 0 && n < minCount;
  return { value: isBelowMinimum || n === 0 ? null : value, n, isBelowMinimum };
}

/**
 * What the indicators are computed from, per organisation: counts, and the working days to each answer
 * as a histogram (days → answers), so that the median and the 90th percentile of a whole subtree come
 * from adding histograms — whether the cases were derived one by one or summed in grouped SQL.
 */
export interface Tally {
  open: number;
  dueSoon: number;
  overdue: number;
  answered: number;
  answeredLate: number;
  answerDays: Map<number, number>;
  correctionsLate: number;
  consultationsPastWindow: number;
}

export function emptyTally(): Tally {
  return {
    open: 0,
    dueSoon: 0,
    overdue: 0,
    answered: 0,
    answeredLate: 0,
    answerDays: new Map(),
    correctionsLate: 0,
    consultationsPastWindow: 0,
  };
}

/** Adds `from` into `into` (returns `into`). */
export function addTally(into: Tally, from: Tally): Tally {
  into.open += from.open;
  into.dueSoon += from.dueSoon;
  into.overdue += from.overdue;
  into.answered += from.answered;
  into.answeredLate += from.answeredLate;
  for (const [days, n] of from.answerDays) into.answerDays.set(days, (into.answerDays.get(days) ?? 0) + n);
  into.correctionsLate += from.correctionsLate;
  into.consultationsPastWindow += from.consultationsPastWindow;
  return into;
}

/**
 * Counts one case into a tally. Open, due soon and overdue are as of the facts' `asOf` (the period's
 * end, or today while it runs); the others count what happened within the period: answers given in
 * it, correction requests sent in it, consultation windows that ran out in it (by `asOf`: the facts
 * list only windows that had run out by the day they were derived as of).
 */
export function tallyCase(into: Tally, c: CaseFacts, period: Period): Tally {
  if (c.isOpen) {
    into.open++;
    if (c.isDueSoon) into.dueSoon++;
    if (c.isOverdue) into.overdue++;
  }
  if (c.isAnswered && isWithinPeriod(c.closedOn, period)) {
    into.answered++;
    if (c.isAnsweredLate) into.answeredLate++;
    if (c.answerWorkingDays !== null) {
      into.answerDays.set(c.answerWorkingDays, (into.answerDays.get(c.answerWorkingDays) ?? 0) + 1);
    }
  }
  if (c.isCorrectionRequestLate && isWithinPeriod(c.correctionRequestedOn, period)) into.correctionsLate++;
  into.consultationsPastWindow += c.consultationWindowsPassed.filter((d) => isWithinPeriod(d, period)).length;
  return into;
}

/** The sorted values of a histogram at 1-based ranks, without expanding it. */
function valuesAtRanks(histogram: Map<number, number>, ranks: number[]): number[] {
  const keys = [...histogram.keys()].sort((a, b) => a - b);
  return ranks.map((rank) => {
    let seen = 0;
    for (const k of keys) {
      seen += histogram.get(k)!;
      if (seen >= rank) return k;
    }
    return keys.at(-1)!;
  });
}

/** `median` over the values a histogram holds. */
export function medianOfHistogram(histogram: Map<number, number>): number | null {
  const n = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  if (n % 2 === 1) return valuesAtRanks(histogram, [(n + 1) / 2])[0]!;
  const [a, b] = valuesAtRanks(histogram, [n / 2, n / 2 + 1]);
  return (a! + b!) / 2;
}

/** `percentile` (nearest rank) over the values a histogram holds. */
export function percentileOfHistogram(histogram: Map<number, number>, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  const n = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  return valuesAtRanks(histogram, [Math.max(1, Math.ceil((p / 100) * n))])[0]!;
}

/** The indicators of one organisation (or a subtree's total) from its tally and catalog counts. */
export function indicatorsOfTally(
  orgId: number,
  tally: Tally,
  itemCounts: ItemCounts | undefined,
  options: IndicatorOptions,
): OrgIndicators {
  const { answered, answeredLate } = tally;
  const onTime = answered - answeredLate;
  const daysN = [...tally.answerDays.values()].reduce((a, b) => a + b, 0);
  return {
    orgId,
    open: tally.open,
    dueSoon: tally.dueSoon,
    overdue: tally.overdue,
    answered,
    answeredLate,
    onTime,
    onTimeRate: guard(answered ? onTime / answered : null, answered, options.minCount),
    medianAnswerDays: guard(medianOfHistogram(tally.answerDays), daysN, options.minCount),
    p90AnswerDays: guard(percentileOfHistogram(tally.answerDays, 90), daysN, options.minCount),
    correctionsLate: tally.correctionsLate,
    consultationsPastWindow: tally.consultationsPastWindow,
    itemsPublished: itemCounts?.published ?? 0,
    itemsLate: itemCounts?.late ?? 0,
  };
}

/**
 * The indicators of each organisation from its derived cases (see `tallyCase` for what counts when).
 */
export function computeOrgIndicators(
  orgIds: readonly number[],
  cases: readonly CaseFacts[],
  items: readonly ItemCounts[],
  period: Period,
  options: IndicatorOptions,
): OrgIndicators[] {
  const tallies = new Map<number, Tally>(orgIds.map((id) => [id, emptyTally()]));
  for (const c of cases) {
    const tally = tallies.get(c.orgId);
    if (tally) tallyCase(tally, c, period);
  }
  return orgIds.map((orgId) =>
    indicatorsOfTally(
      orgId,
      tallies.get(orgId)!,
      items.find((i) => i.orgId === orgId),
      options,
    ),
  );
}

/** Adds the indicators of several organisations (a subtree's total line). */
export function sumIndicators(
  rows: readonly OrgIndicators[],
  cases: readonly CaseFacts[],
  period: Period,
  options: IndicatorOptions,
): OrgIndicators {
  const ids = new Set(rows.map((r) => r.orgId));
  const merged = cases.filter((c) => ids.has(c.orgId)).map((c) => ({ ...c, orgId: 0 }));
  const items: ItemCounts[] = [
    {
      orgId: 0,
      published: rows.reduce((n, r) => n + r.itemsPublished, 0),
      late: rows.reduce((n, r) => n + r.itemsLate, 0),
    },
  ];
  return computeOrgIndicators([0], merged, items, period, options)[0]!;
}

export interface Ranked<T> {
  entry: T;
  /** Competition ranking (1, 2, 2, 4); null for entries without a value (not ranked). */
  rank: number | null;
}

/**
 * Ranks by `valueOf` (higher first unless `ascending`): equal values share a rank and the next rank
 * skips (standard competition ranking), entries without a value come last, unranked. Ties keep the
 * input order, so pass entries already in display order (e.g. by organisation order).
 */
export function rankBy<T>(
  entries: readonly T[],
  valueOf: (entry: T) => number | null,
  options: { ascending?: boolean } = {},
): Ranked<T>[] {
  const withValue = entries
    .map((entry, index) => ({ entry, index, value: valueOf(entry) }))
    .filter(
      (e): e is { entry: T; index: number; value: number } => e.value !== null && Number.isFinite(e.value),
    );
  const sign = options.ascending ? 1 : -1;
  withValue.sort((a, b) => (a.value === b.value ? a.index - b.index : sign * (a.value - b.value)));
  const ranked: Ranked<T>[] = [];
  withValue.forEach((e, i) => {
    // Compare with a tolerance: 2/3 computed two ways must still tie.
    const previous = withValue[i - 1];
    const tied = previous !== undefined && Math.abs(previous.value - e.value) < 1e-9;
    ranked.push({ entry: e.entry, rank: tied ? ranked[i - 1]!.rank : i + 1 });
  });
  for (const entry of entries) {
    const v = valueOf(entry);
    if (v === null || !Number.isFinite(v)) ranked.push({ entry, rank: null });
  }
  return ranked;
}

// ---------------------------------------------------------------------------------------------
// Quarters

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export function isQuarterKey(value: string): boolean {
  return QUARTER_PATTERN.test(value);
}

/** `2026-Q1` → 2026-01-01 … 2026-03-31. */
export function quarterPeriod(key: string): Period {
  const m = QUARTER_PATTERN.exec(key);
  if (!m) throw new RangeError(`Not a quarter: ${key}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const startMonth = (q - 1) * 3 + 1;
  const from = `${year}-${String(startMonth).padStart(2, '0')}-01`;
  const nextStart = q === 4 ? `${year + 1}-01-01` : `${year}-${String(startMonth + 3).padStart(2, '0')}-01`;
  return { from, to: addCalendarDays(nextStart, -1) };
}

/** The quarter containing `date`. */
export function quarterOf(date: IsoDate): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The quarter before `key`. */
export function previousQuarter(key: string): string {
  const { from } = quarterPeriod(key);
  return quarterOf(addCalendarDays(from, -1));
}

/** The last completed quarters before `date`, newest first. */
export function recentQuarters(date: IsoDate, count: number): string[] {
  const out: string[] = [];
  let q = previousQuarter(quarterOf(date));
  for (let i = 0; i < count; i++) {
    out.push(q);
    q = previousQuarter(q);
  }
  return out;
}

/** The Monday of the ISO week containing `date` (the weekly summary's key). */
export function weekStartOf(date: IsoDate): IsoDate {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addCalendarDays(date, -((day + 6) % 7));
}

/** The trailing window of the transparency page: the 12 months up to and including `date`. */
export function trailingYear(date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const from = addCalendarDays(`${year - 1}${date.slice(4)}`.replace(/-02-29$/, '-02-28'), 1);
  return { from, to: date };
}

// ---------------------------------------------------------------------------------------------
// Annual reports (条例第四十九条、第五十条)

/** The report year whose deadlines fall in the period's year: reports on year Y are due in Y + 1. */
export function reportYearOf(period: Period): number {
  return Number(period.to.slice(0, 4)) - 1;
}

/**
 * Whether an organisation's annual report missed a deadline as of `asOf`: submitted after the
 * submission deadline (or still not submitted once it has passed), or published after the publication
 * deadline (or still not published once it has passed). The deadline day itself is on time.
 */
export function isAnnualReportLate(input: {
  submitBy: IsoDate;
  publishBy: IsoDate;
  submittedOn: IsoDate | null;
  publishedOn: IsoDate | null;
  asOf: IsoDate;
}): boolean {
  const lateSubmission = input.submittedOn ? input.submittedOn > input.submitBy : input.asOf > input.submitBy;
  const latePublication = input.publishedOn
    ? input.publishedOn > input.publishBy
    : input.asOf > input.publishBy;
  return lateSubmission || latePublication;
}
