import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import { dateInTimeZone, minDate, type IsoDate } from '../calendar/dates.rules.js';
import type { OrgKind } from '../orgs/orgs.tables.js';
import { readReportDeadlines } from '../reports/workflow/workflow.repository.js';
import { deadlineFor } from '../reports/workflow/workflow.rules.js';
import { createHash } from 'node:crypto';
import { CHINESE_DAYS_VERSION } from '../calendar/chinese-days.data.js';
import { inTransaction, type Queryable } from '../platform/db/transaction.js';
import { caseFactsRowOf, deriveCaseFacts } from './case-facts.js';
import type { SupervisionSettings } from './settings.rules.js';
import {
  countItemsByOrg,
  listCalendarBasisRows,
  listCaseEvents,
  listCaseRows,
  listCasesWithoutFacts,
  listClosedFactsWithFindings,
  sumOpenFacts,
  type FactsNeeded,
  type FindingFactsRow,
  listReportSubmissions,
  readSetting,
  sumAnswersByOrgAndDays,
  upsertCaseFacts,
  type CaseFactsRow,
  type SupervisedOrg,
} from './supervision.repository.js';
import { settingsFromStored } from './settings.rules.js';
import {
  addTally,
  emptyTally,
  indicatorsOfTally,
  isAnnualReportLate,
  isWithinPeriod,
  reportYearOf,
  tallyCase,
  type CaseFacts,
  type OrgIndicators,
  type Period,
  type Tally,
} from './supervision.rules.js';

export const SETTINGS_KEY = 'thresholds';

export async function loadSupervisionSettings(db: Queryable): Promise<SupervisionSettings> {
  return settingsFromStored(await readSetting(db, SETTINGS_KEY));
}

/** Calendars kept between computations, per basis (the calendar's fingerprint): a few bases at most. */
const calendarsByBasis = new Map<string, Map<string, Promise<WorkingCalendar>>>();
const KEPT_BASES = 4;

/**
 * Working calendars by organisation path, loaded once per computation; with `basis` (see
 * `calendarBasis`) also kept between computations until the calendar changes, since building one
 * is most of a small dashboard's cost.
 */
export function calendarCache(db: Queryable, basis?: string): (orgPath: string) => Promise<WorkingCalendar> {
  let cache = basis ? calendarsByBasis.get(basis) : undefined;
  if (!cache) {
    cache = new Map();
    if (basis) {
      if (calendarsByBasis.size >= KEPT_BASES) calendarsByBasis.delete(calendarsByBasis.keys().next().value!);
      calendarsByBasis.set(basis, cache);
    }
  }
  const calendars = cache;
  return (orgPath) => {
    let c = calendars.get(orgPath);
    if (!c) {
      c = loadWorkingCalendar(db, { orgPath });
      calendars.set(orgPath, c);
      // A failed load is not kept.
      c.catch(() => calendars.delete(orgPath));
    }
    return c;
  };
}

export interface SupervisionFigures {
  period: Period;
  /** The day open/due-soon/overdue are judged on: the period's end, or today while it runs. */
  asOf: IsoDate;
  orgs: SupervisedOrg[];
  indicators: OrgIndicators[];
  total: OrgIndicators;
  /** Every case of the period, derived as of `asOf`: only with `includeCases` (else empty). */
  cases: CaseFacts[];
  /** 条例第四十九条: per organisation, 1 when its report on `reportYear` missed a deadline by `asOf`. */
  annualReportsLate: Map<number, number>;
  reportYear: number;
}

/** The annual-report indicator from the reporting workflow's submissions and its configured deadlines. */
async function computeLateReports(
  db: Queryable,
  orgs: readonly SupervisedOrg[],
  period: Period,
  asOf: IsoDate,
  timeZone: string,
): Promise<Map<number, number>> {
  const year = reportYearOf(period);
  const deadlines = await readReportDeadlines(db, year);
  // 条例第四十九条: published by 31 March of the following year (the same day as governments submit).
  const publishBy = deadlines.governments;
  const submissions = await listReportSubmissions(
    db,
    orgs.map((o) => o.id),
    year,
  );
  const out = new Map<number, number>();
  for (const org of orgs) {
    const s = submissions.find((x) => x.orgId === org.id);
    const late = isAnnualReportLate({
      submitBy: deadlineFor(org.kind as OrgKind, deadlines),
      publishBy,
      submittedOn: s?.submittedAt ? dateInTimeZone(s.submittedAt, timeZone) : null,
      publishedOn: s?.publishedAt ? dateInTimeZone(s.publishedAt, timeZone) : null,
      asOf,
    });
    out.set(org.id, late ? 1 : 0);
  }
  return out;
}

/** Applications derived per batch when facts are missing (bounded memory on a first run over a large city). */
const DERIVE_BATCH = 2000;

/**
 * A fingerprint of what the working calendars are made of (the packaged State Council years and the
 * office's overrides and year settings): facts derived with another calendar are stale.
 */
export async function calendarBasis(db: Queryable): Promise<string> {
  const rows = await listCalendarBasisRows(db);
  return createHash('sha256')
    .update(JSON.stringify([CHINESE_DAYS_VERSION, rows]))
    .digest('base64url')
    .slice(0, 22);
}

/** Events per application, in log order. */
async function eventsByApplication(db: Queryable, ids: readonly number[]) {
  const events = await listCaseEvents(db, ids);
  const byApp = new Map<number, typeof events>();
  for (const e of events) {
    const list = byApp.get(e.application_id) ?? [];
    list.push(e);
    byApp.set(e.application_id, list);
  }
  return byApp;
}

/**
 * Derives and stores the facts a view needs and lacks for the current log and calendar. A closed case
 * is derived as of its closing day: what supervision counts of it is settled then. An open case is
 * derived as of `asOf` (facts as of days no view needs any more are dropped by the daily snapshot job).
 */
async function refreshFacts(
  db: Queryable,
  orgs: readonly SupervisedOrg[],
  needed: FactsNeeded,
  settings: SupervisionSettings,
  basis: string,
  calendarOf: (orgPath: string) => Promise<WorkingCalendar>,
): Promise<number> {
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const stale = await listCasesWithoutFacts(
    db,
    orgs.map((o) => o.id),
    needed,
    basis,
  );
  for (let i = 0; i < stale.length; i += DERIVE_BATCH) {
    const batch = stale.slice(i, i + DERIVE_BATCH);
    const events = await eventsByApplication(
      db,
      batch.map((r) => r.id),
    );
    const rows: CaseFactsRow[] = [];
    for (const row of batch) {
      const calendar = await calendarOf(pathOf.get(row.org_id) ?? '/');
      const asOf = needed.kind === 'closed' ? row.closed_on! : needed.asOf;
      const facts = deriveCaseFacts(row, events.get(row.id) ?? [], calendar, asOf, settings.dueSoonWorkdays);
      rows.push(
        caseFactsRowOf(
          // A closed case is filed under the closing day its range was chosen by (the cached one).
          needed.kind === 'closed' ? { ...facts, closedOn: row.closed_on } : facts,
          { asOf: needed.kind === 'closed' ? '' : needed.asOf, basis, eventCount: row.event_count },
        ),
      );
    }
    await inTransaction(db, (trx) => upsertCaseFacts(trx, rows));
  }
  return stale.length;
}

function addFindings(tallies: Map<number, Tally>, rows: readonly FindingFactsRow[], period: Period): void {
  for (const r of rows) {
    const tally = tallies.get(r.org_id);
    if (!tally) continue;
    if (r.is_correction_late === 1 && isWithinPeriod(r.correction_requested_on, period))
      tally.correctionsLate++;
    const ends = r.consultation_window_ends === '' ? [] : r.consultation_window_ends.split(',');
    tally.consultationsPastWindow += ends.filter((d) => isWithinPeriod(d, period)).length;
  }
}

/**
 * The figures of the given organisations for a period. Every case counts through the same rules
 * (`tallyCase` over facts from `deriveCaseFacts`, i.e. deriveApplicationState over the event log, with
 * the holding organisation's calendar), in two ways that give the same result:
 *   - cases closed within the period by `asOf`: their facts are derived once and stored
 *     (supervision_case_facts), then summed per organisation in grouped SQL, with the answer times
 *     as histograms so medians and percentiles add up over a subtree;
 *   - cases open on `asOf` (received by then, not closed by then): derived live, as of `asOf`.
 * `includeCases` (the drill-down of one organisation) derives every case of the period live instead
 * and returns them. Catalog counts come from grouped SQL.
 */
export async function computeSupervisionFigures(
  db: Queryable,
  input: {
    orgs: SupervisedOrg[];
    period: Period;
    today: IsoDate;
    settings: SupervisionSettings;
    timeZone?: string;
    includeCases?: boolean;
  },
): Promise<SupervisionFigures> {
  const { orgs, period, settings } = input;
  const asOf = minDate(period.to, input.today);
  const orgIds = orgs.map((o) => o.id);
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const basis = await calendarBasis(db);
  const calendarOf = calendarCache(db, basis);
  const options = { minCount: settings.minCount };
  const tallies = new Map<number, Tally>(orgIds.map((id) => [id, emptyTally()]));
  const cases: CaseFacts[] = [];

  if (input.includeCases) {
    // The drill-down: every case of the period derived live, for its lists.
    const rows = await listCaseRows(db, orgIds, period);
    const events = await eventsByApplication(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      if (row.received_on > asOf) continue;
      const calendar = await calendarOf(pathOf.get(row.org_id) ?? '/');
      const facts = deriveCaseFacts(row, events.get(row.id) ?? [], calendar, asOf, settings.dueSoonWorkdays);
      tallyCase(tallies.get(row.org_id)!, facts, period);
      cases.push(facts);
    }
  } else if (orgIds.length > 0) {
    // Closed within the period by asOf: settled facts, summed in SQL.
    const closedWithin: Period = { from: period.from, to: asOf };
    if (closedWithin.from <= closedWithin.to) {
      await refreshFacts(db, orgs, { kind: 'closed', closed: closedWithin }, settings, basis, calendarOf);
      for (const r of await sumAnswersByOrgAndDays(db, orgIds, closedWithin)) {
        const tally = tallies.get(r.orgId)!;
        tally.answered += r.answered;
        tally.answeredLate += r.late;
        if (r.days !== null) tally.answerDays.set(r.days, (tally.answerDays.get(r.days) ?? 0) + r.answered);
      }
      addFindings(tallies, await listClosedFactsWithFindings(db, orgIds, closedWithin), period);
    }
    // Open on asOf: facts as of that day (the due-soon threshold is part of their basis).
    const openBasis = `${basis}:${settings.dueSoonWorkdays}`;
    await refreshFacts(db, orgs, { kind: 'open', asOf }, settings, openBasis, calendarOf);
    const open = await sumOpenFacts(db, orgIds, asOf);
    for (const r of open.counts) {
      const tally = tallies.get(r.orgId)!;
      tally.open += r.open;
      tally.dueSoon += r.dueSoon;
      tally.overdue += r.overdue;
    }
    addFindings(tallies, open.findings, period);
  }

  const items = await countItemsByOrg(db, orgIds, period);
  const indicators = orgIds.map((id) =>
    indicatorsOfTally(
      id,
      tallies.get(id)!,
      items.find((i) => i.orgId === id),
      options,
    ),
  );
  const total = indicatorsOfTally(
    0,
    [...tallies.values()].reduce((sum, t) => addTally(sum, t), emptyTally()),
    {
      orgId: 0,
      published: items.reduce((n, i) => n + i.published, 0),
      late: items.reduce((n, i) => n + i.late, 0),
    },
    options,
  );
  const annualReportsLate = await computeLateReports(
    db,
    orgs,
    period,
    asOf,
    input.timeZone ?? 'Asia/Shanghai',
  );
  return {
    period,
    asOf,
    orgs,
    indicators,
    total,
    cases,
    annualReportsLate,
    reportYear: reportYearOf(period),
  };
}
