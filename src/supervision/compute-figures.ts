import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import { dateInTimeZone, minDate, type IsoDate } from '../calendar/dates.rules.js';
import type { OrgKind } from '../orgs/orgs.tables.js';
import { readReportDeadlines } from '../reports/workflow/workflow.repository.js';
import { deadlineFor } from '../reports/workflow/workflow.rules.js';
import type { Queryable } from '../platform/db/transaction.js';
import { deriveCaseFacts } from './case-facts.js';
import type { SupervisionSettings } from './settings.rules.js';
import {
  countItemsByOrg,
  listCaseEvents,
  listCaseRows,
  listReportSubmissions,
  readSetting,
  type SupervisedOrg,
} from './supervision.repository.js';
import { settingsFromStored } from './settings.rules.js';
import {
  isAnnualReportLate,
  reportYearOf,
  computeOrgIndicators,
  sumIndicators,
  type CaseFacts,
  type OrgIndicators,
  type Period,
} from './supervision.rules.js';

export const SETTINGS_KEY = 'thresholds';

export async function loadSupervisionSettings(db: Queryable): Promise<SupervisionSettings> {
  return settingsFromStored(await readSetting(db, SETTINGS_KEY));
}

/** Working calendars by organisation path, loaded once per computation. */
export function calendarCache(db: Queryable): (orgPath: string) => Promise<WorkingCalendar> {
  const cache = new Map<string, Promise<WorkingCalendar>>();
  return (orgPath) => {
    let c = cache.get(orgPath);
    if (!c) {
      c = loadWorkingCalendar(db, { orgPath });
      cache.set(orgPath, c);
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

/**
 * The figures of the given organisations for a period: application facts derived from each event log
 * with the holding organisation's calendar, catalog counts from grouped SQL.
 */
export async function computeSupervisionFigures(
  db: Queryable,
  input: {
    orgs: SupervisedOrg[];
    period: Period;
    today: IsoDate;
    settings: SupervisionSettings;
    timeZone?: string;
  },
): Promise<SupervisionFigures> {
  const { orgs, period, settings } = input;
  const asOf = minDate(period.to, input.today);
  const orgIds = orgs.map((o) => o.id);
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const [rows, items] = await Promise.all([
    listCaseRows(db, orgIds, period),
    countItemsByOrg(db, orgIds, period),
  ]);
  const events = await listCaseEvents(
    db,
    rows.map((r) => r.id),
  );
  const eventsByApp = new Map<number, typeof events>();
  for (const e of events) {
    const list = eventsByApp.get(e.application_id) ?? [];
    list.push(e);
    eventsByApp.set(e.application_id, list);
  }
  const calendarOf = calendarCache(db);
  const cases: CaseFacts[] = [];
  for (const row of rows) {
    if (row.received_on > asOf) continue;
    const calendar = await calendarOf(pathOf.get(row.org_id) ?? '/');
    cases.push(deriveCaseFacts(row, eventsByApp.get(row.id) ?? [], calendar, asOf, settings.dueSoonWorkdays));
  }
  const options = { minCount: settings.minCount };
  const indicators = computeOrgIndicators(orgIds, cases, items, period, options);
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
    total: sumIndicators(indicators, cases, period, options),
    cases,
    annualReportsLate,
    reportYear: reportYearOf(period),
  };
}
