import { sql } from 'kysely';
import { AppError } from '../platform/errors.js';
import { registerMessages } from '../platform/i18n/i18n.js';
import type { Queryable } from '../platform/db/transaction.js';
import { dateInTimeZone } from '../calendar/dates.rules.js';
import { findOrgByCode, listSubtree, type Org } from '../orgs/orgs.repository.js';
import { CHANNEL_GROUP_2015, isChannel } from '../requests/codes.js';
import {
  APPLICANT_TYPES,
  OUTCOME_CODES,
  countsWithTotal,
  emptyReport,
  type AnnualReport,
  type AppealKind,
  type ApplicationRow,
  type OutcomeCode,
  type ReportScope,
} from './annual-report.js';
import { withChecks } from './report-validator.rules.js';

registerMessages({
  'zh-CN': {
    'reports.error.org_unknown': '没有该单位',
    'reports.error.year_invalid': '年度须为2008年至今年之间的整数',
    'reports.error.scope_invalid': '范围须为 self（本单位）或 aggregate（本单位及下属单位）',
  },
  en: {
    'reports.error.org_unknown': 'No such organisation',
    'reports.error.year_invalid': 'The year must be a whole number from 2008 to the current year',
    'reports.error.scope_invalid': 'The scope must be self or aggregate',
  },
});

/**
 * The annual report of contracts §3 as a query over the records (docs/architecture.md: "the annual
 * report is a query, not a form"). Section 三 is ONE grouped query over the applications' counts per
 * organisation, type, outcome and year (GROUP BY applicant type and outcome), section 四 one grouped query over the appeals, section
 * 二 one grouped query over the catalog plus the figures entered from other systems; nothing loops
 * over applications or items. Dates are `YYYY-MM-DD` text in the office time zone, so the year's
 * bounds are lexical comparisons that behave the same on SQLite and PostgreSQL.
 *
 * Ownership (contracts §3: "an application belongs to the organisation that answered it, or holds it
 * while open"): `applications.org_id` is that organisation. 转办 on the platform (transfer-application.ts)
 * rewrites `org_id` to the receiving organisation and appends a `transferred` event; so an application
 * is counted once, at the organisation holding/answering it, in every year's report (which is what
 * keeps carried_out of one year equal to carried_in of the next). Appeals follow their application.
 */

export interface DeriveAnnualReportInput {
  orgCode: string;
  year: number;
  scope?: ReportScope;
  /** The office time zone (config.timeZone); decides which year is "this year" for the year check. */
  timeZone?: string;
  /** Now, for the year check (default: the current instant). */
  now?: Date;
  /** Also derive last year's report and add the `carry-over` check against it. */
  compareWithPreviousYear?: boolean;
}

/** Figures the exports draw beyond the report itself (the seed report's figures 6–7). */
export interface ReportStatistics {
  /** Published in the year, by the five catalog categories (city-wide `category` columns), in taxonomy order. */
  itemsByCategory: { code: string; name: string; count: number }[];
  /** Received in the year, by the 2015-style channel groups 当面 / 信函 / 网络 / 其他. */
  applicationsByChannel: { group: 'in_person' | 'letter' | 'online' | 'other'; count: number }[];
}

/** Which organisations a report covers: one id, or a subtree (or everything, when the subtree is everything). */
export interface ReportOrgScope {
  org: Org;
  scope: ReportScope;
  /** `all`: the subtree holds every organisation, so no organisation filter is needed. */
  orgIds: number[] | 'all';
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const MIN_YEAR = 2008; // 条例 (2007) took effect on 1 May 2008.

function yearBounds(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Checks the year (a whole number from 2008 to the current year in the office time zone). */
export function assertReportYear(year: number, timeZone = DEFAULT_TIME_ZONE, now = new Date()): void {
  const current = Number(dateInTimeZone(now, timeZone).slice(0, 4));
  if (!Number.isInteger(year) || year < MIN_YEAR || year > current) {
    throw new AppError(
      'VALIDATION',
      `The year must be a whole number from ${MIN_YEAR} to ${current}, not ${year}`,
      {
        fields: [{ field: 'year', message: 'reports.error.year_invalid' }],
      },
    );
  }
}

/** The organisation by code and the ids the report covers. Throws NOT_FOUND / VALIDATION. */
export async function resolveReportScope(
  db: Queryable,
  orgCode: string,
  scope: ReportScope = 'self',
): Promise<ReportOrgScope> {
  if (scope !== 'self' && scope !== 'aggregate') {
    throw new AppError('VALIDATION', `The scope must be self or aggregate, not ${String(scope)}`, {
      fields: [{ field: 'scope', message: 'reports.error.scope_invalid' }],
    });
  }
  const org = await findOrgByCode(db, orgCode);
  if (!org) {
    throw new AppError('NOT_FOUND', `No organisation with code ${orgCode}`, {
      fields: [{ field: 'orgCode', message: 'reports.error.org_unknown' }],
    });
  }
  if (scope === 'self') return { org, scope, orgIds: [org.id] };
  const subtree = await listSubtree(db, org.path);
  const total = await db
    .selectFrom('orgs')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { org, scope, orgIds: subtree.length === num(total.n) ? 'all' : subtree.map((o) => o.id) };
}

// ---------------------------------------------------------------------------------------------
// Section 三: one grouped query

interface FlowRow {
  applicant_type: string;
  outcome: string | null;
  received: unknown;
  carried_in: unknown;
  carried_out: unknown;
  closed: unknown;
}

type ApplicationRows = Record<ApplicationRow, AnnualReport['applications']['rows'][ApplicationRow]>;

/**
 * Table 三 from `application_report_counts` (migration 0012): the applications summed per organisation,
 * applicant type, outcome, receipt year and closing year, kept exactly in step with `applications` by
 * triggers. The counting rules of contracts §3 compare dates only with 1 January and 31 December, so the
 * years are exact: received (receipt year = the year), carried in (received before, not closed before
 * it), carried out (received by its end, not closed by then) and closed in the year (which, grouped by
 * outcome, are the 21 outcome rows). One grouped query over a few thousand rows whatever the number of
 * applications; `deriveApplicationRowsFromRecords` is the same over the raw rows, and a test compares
 * the two after random changes.
 */
export async function deriveApplicationRows(
  db: Queryable,
  orgIds: number[] | 'all',
  year: number,
): Promise<ApplicationRows> {
  if (orgIds !== 'all' && orgIds.length === 0)
    return emptyReport({ code: '', name: '' }, year, 'self').applications.rows;
  let query = db
    .selectFrom('application_report_counts')
    .select([
      'applicant_type',
      'outcome',
      sql<number>`sum(case when received_year = ${year} then n else 0 end)`.as('received'),
      sql<number>`sum(case when received_year < ${year} and (closed_year = 0 or closed_year >= ${year}) then n else 0 end)`.as(
        'carried_in',
      ),
      sql<number>`sum(case when closed_year = 0 or closed_year > ${year} then n else 0 end)`.as(
        'carried_out',
      ),
      sql<number>`sum(case when closed_year = ${year} then n else 0 end)`.as('closed'),
    ])
    .where('received_year', '<=', year)
    .where((eb) =>
      eb.or([eb('received_year', '=', year), eb('closed_year', '=', 0), eb('closed_year', '>=', year)]),
    );
  if (orgIds !== 'all') query = query.where('org_id', 'in', orgIds);
  return tableOfFlows(await query.groupBy(['applicant_type', 'outcome']).execute(), year);
}

/**
 * Table 三 from one scan of `applications`, grouped by applicant type and outcome (plain columns, so
 * that SQLite walks `applications_report_idx` — migration 0007 — in group order, with no sort and no
 * table lookups). The reference for `deriveApplicationRows`: the same counts from the raw rows.
 */
export async function deriveApplicationRowsFromRecords(
  db: Queryable,
  orgIds: number[] | 'all',
  year: number,
): Promise<ApplicationRows> {
  const { from, to } = yearBounds(year);
  if (orgIds !== 'all' && orgIds.length === 0)
    return emptyReport({ code: '', name: '' }, year, 'self').applications.rows;
  let query = db
    .selectFrom('applications')
    .select([
      'applicant_type',
      'outcome',
      sql<number>`sum(case when received_on >= ${from} then 1 else 0 end)`.as('received'),
      sql<number>`sum(case when received_on < ${from} and (closed_on is null or closed_on >= ${from}) then 1 else 0 end)`.as(
        'carried_in',
      ),
      sql<number>`sum(case when closed_on is null or closed_on > ${to} then 1 else 0 end)`.as('carried_out'),
      sql<number>`sum(case when closed_on >= ${from} and closed_on <= ${to} then 1 else 0 end)`.as('closed'),
    ])
    .where('received_on', '<=', to)
    .where((eb) =>
      eb.or([eb('received_on', '>=', from), eb('closed_on', 'is', null), eb('closed_on', '>=', from)]),
    );
  if (orgIds !== 'all') query = query.where('org_id', 'in', orgIds);
  return tableOfFlows(await query.groupBy(['applicant_type', 'outcome']).execute(), year);
}

/**
 * The rows of table 三 from the grouped flows. A closed application without an outcome (a withdrawal
 * cached before outcomes were kept; '' in the counts table) counts under other.other (contracts §1).
 */
function tableOfFlows(rows: FlowRow[], year: number): ApplicationRows {
  const out = emptyReport({ code: '', name: '' }, year, 'self').applications.rows;
  const six = new Map<ApplicationRow, number[]>();
  const add = (row: ApplicationRow, col: number, n: number) => {
    if (n === 0) return;
    const counts = six.get(row) ?? [0, 0, 0, 0, 0, 0];
    counts[col]! += n;
    six.set(row, counts);
  };
  const outcomes = new Set<string>(OUTCOME_CODES);
  for (const r of rows) {
    const col = (APPLICANT_TYPES as readonly string[]).indexOf(r.applicant_type);
    if (col < 0) throw new Error(`Unknown applicant type in applications: ${r.applicant_type}`);
    add('received', col, num(r.received));
    add('carried_in', col, num(r.carried_in));
    add('carried_out', col, num(r.carried_out));
    const closed = num(r.closed);
    if (closed > 0) {
      const outcome = r.outcome || 'other.other';
      if (!outcomes.has(outcome)) throw new Error(`Unknown outcome in applications: ${outcome}`);
      add(outcome as OutcomeCode, col, closed);
      add('total', col, closed);
    }
  }
  for (const [row, counts] of six) out[row] = countsWithTotal(counts);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Section 四

const APPEAL_KIND_OF: Record<string, AppealKind> = {
  reconsideration: 'reconsideration',
  litigation_direct: 'litigationDirect',
  litigation_after_reconsideration: 'litigationAfterReconsideration',
};

/** Appeals filed during the year, by their result as of 31 December (`pending` when undecided then). */
export async function deriveAppeals(
  db: Queryable,
  orgIds: number[] | 'all',
  year: number,
): Promise<AnnualReport['appeals']> {
  const { from, to } = yearBounds(year);
  const out = emptyReport({ code: '', name: '' }, year, 'self').appeals;
  if (orgIds !== 'all' && orgIds.length === 0) return out;
  // The join to the applications is only there to filter by organisation: the whole city needs none
  // (on PostgreSQL at 1,000,000 applications the join alone cost a hash over every application).
  const standing = sql<string>`case when ap.result is not null and ap.decided_on is not null and ap.decided_on <= ${to} then ap.result else 'pending' end`;
  let query = db
    .selectFrom('application_appeals as ap')
    .select(['ap.kind', standing.as('standing'), (eb) => eb.fn.countAll().as('n')])
    .where('ap.filed_on', '>=', from)
    .where('ap.filed_on', '<=', to);
  if (orgIds !== 'all')
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('applications as a')
          .select('a.id')
          .whereRef('a.id', '=', 'ap.application_id')
          .where('a.org_id', 'in', orgIds),
      ),
    );
  const rows = await query.groupBy(['ap.kind', sql.ref('standing')]).execute();
  for (const r of rows) {
    const kind = APPEAL_KIND_OF[r.kind];
    const field = r.standing as 'upheld' | 'corrected' | 'other' | 'pending';
    if (!kind || !['upheld', 'corrected', 'other', 'pending'].includes(field))
      throw new Error(`Unknown appeal kind or result: ${r.kind} ${r.standing}`);
    out[kind][field] += num(r.n);
    out[kind].total += num(r.n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Section 二

/**
 * 规章 and 行政规范性文件 (第二十条第（一）项) in one grouped query over published catalog items, with
 * the rules of `countValidityForYear` (catalog.repository.ts): issued = issued_on (else published_on)
 * in the year; abolished = abolished_on in the year; valid = issued by 31 December and not abolished
 * by then. Done in SQL here because the report needs `self` as well as a subtree, and at a million
 * items the catalog function's row-by-row count would not fit the report's time budget; a test checks
 * that both agree.
 */
export async function deriveDocumentCounts(
  db: Queryable,
  orgIds: number[] | 'all',
  year: number,
): Promise<Pick<AnnualReport['proactive'], 'regulations' | 'normativeDocuments'>> {
  const { from, to } = yearBounds(year);
  const out = {
    regulations: { issued: 0, abolished: 0, valid: 0 },
    normativeDocuments: { issued: 0, abolished: 0, valid: 0 },
  };
  if (orgIds !== 'all' && orgIds.length === 0) return out;
  const issuedOn = sql<string>`coalesce(issued_on, published_on)`;
  let query = db
    .selectFrom('catalog_items')
    .select([
      'doc_type',
      sql<number>`sum(case when ${issuedOn} >= ${from} and ${issuedOn} <= ${to} then 1 else 0 end)`.as(
        'issued',
      ),
      sql<number>`sum(case when abolished_on >= ${from} and abolished_on <= ${to} then 1 else 0 end)`.as(
        'abolished',
      ),
      sql<number>`sum(case when ${issuedOn} <= ${to} and (abolished_on is null or abolished_on > ${to}) then 1 else 0 end)`.as(
        'valid',
      ),
    ])
    .where('doc_type', 'in', ['regulation', 'normative'])
    .where('status', '=', 'published');
  if (orgIds !== 'all') query = query.where('org_id', 'in', orgIds);
  for (const r of await query.groupBy('doc_type').execute()) {
    const target = r.doc_type === 'regulation' ? out.regulations : out.normativeDocuments;
    target.issued = num(r.issued);
    target.abolished = num(r.abolished);
    target.valid = num(r.valid);
  }
  return out;
}

/** 行政许可/处罚/强制 decisions and 行政事业性收费 (万元) entered from other systems, summed over the scope. */
export async function deriveEnteredFigures(
  db: Queryable,
  orgIds: number[] | 'all',
  year: number,
): Promise<Pick<AnnualReport['proactive'], 'licensing' | 'penalty' | 'coercion' | 'fees'>> {
  let query = db
    .selectFrom('report_figures')
    .select((eb) => [
      eb.fn.sum<number>('licensing_decisions').as('licensing'),
      eb.fn.sum<number>('penalty_decisions').as('penalty'),
      eb.fn.sum<number>('coercion_decisions').as('coercion'),
      eb.fn.sum<number>('fees_fen').as('fees_fen'),
    ])
    .where('year', '=', year);
  if (orgIds !== 'all') {
    if (orgIds.length === 0) query = query.where(sql<boolean>`1 = 0`);
    else query = query.where('org_id', 'in', orgIds);
  }
  const r = await query.executeTakeFirst();
  return {
    licensing: { decisions: num(r?.licensing) },
    penalty: { decisions: num(r?.penalty) },
    coercion: { decisions: num(r?.coercion) },
    fees: { amountWanYuan: fenToWanYuan(num(r?.fees_fen)) },
  };
}

/** 分 → 万元, to the yuan (4 decimals), without floating-point tails (1.25, not 1.2500000000000002). */
export function fenToWanYuan(fen: number): number {
  return Math.round(fen / 100) / 10_000;
}

/** The saved narrative of the organisation, year and scope, or empty texts. */
export async function findReportNarrative(
  db: Queryable,
  orgId: number,
  year: number,
  scope: ReportScope,
): Promise<AnnualReport['narrative'] & { updatedAt: string | null }> {
  const row = await db
    .selectFrom('report_narratives')
    .select(['overview', 'problems', 'other', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row
    ? { overview: row.overview, problems: row.problems, other: row.other, updatedAt: row.updated_at }
    : { overview: '', problems: '', other: '', updatedAt: null };
}

/**
 * The whole report of contracts §3 for `orgCode`, `year` and `scope`, with `checks` from the
 * validator (and `carry-over` against the previous year when `compareWithPreviousYear`).
 * Throws AppError NOT_FOUND (unknown organisation) or VALIDATION (year, scope).
 */
export async function deriveAnnualReport(
  db: Queryable,
  input: DeriveAnnualReportInput,
): Promise<AnnualReport> {
  const scope = input.scope ?? 'self';
  assertReportYear(input.year, input.timeZone, input.now);
  const target = await resolveReportScope(db, input.orgCode, scope);
  const report = await deriveUncheckedReport(db, target, input.year);
  if (!input.compareWithPreviousYear || input.year <= MIN_YEAR) return withChecks(report);
  const previous = await deriveUncheckedReport(db, target, input.year - 1);
  return withChecks(report, { previous });
}

/** The report without checks, for an already resolved scope (the benchmark and the previous year use it). */
export async function deriveUncheckedReport(
  db: Queryable,
  target: ReportOrgScope,
  year: number,
): Promise<AnnualReport> {
  const report = emptyReport({ code: target.org.code, name: target.org.name }, year, target.scope);
  const [rows, appeals, documents, figures, narrative] = await Promise.all([
    deriveApplicationRows(db, target.orgIds, year),
    deriveAppeals(db, target.orgIds, year),
    deriveDocumentCounts(db, target.orgIds, year),
    deriveEnteredFigures(db, target.orgIds, year),
    findReportNarrative(db, target.org.id, year, target.scope),
  ]);
  report.applications.rows = rows;
  report.appeals = appeals;
  report.proactive = { ...documents, ...figures };
  report.narrative = { overview: narrative.overview, problems: narrative.problems, other: narrative.other };
  return report;
}

// ---------------------------------------------------------------------------------------------
// Figures for the charts

const CHANNEL_GROUPS = ['in_person', 'letter', 'online', 'other'] as const;

/** Items published and applications received in the year, for the charts of the exports (two grouped queries). */
export async function deriveReportStatistics(
  db: Queryable,
  target: ReportOrgScope,
  year: number,
): Promise<ReportStatistics> {
  const { from, to } = yearBounds(year);
  const ids = target.orgIds;
  let items = db
    .selectFrom('catalog_item_columns as ic')
    .innerJoin('catalog_items as i', 'i.id', 'ic.item_id')
    .innerJoin('catalog_columns as c', 'c.id', 'ic.column_id')
    .select(['c.code', 'c.name', 'c.sort_order', (eb) => eb.fn.countAll().as('n')])
    .where('c.kind', '=', 'category')
    .where('c.org_id', 'is', null)
    .where('i.status', '=', 'published')
    .where('i.published_on', '>=', from)
    .where('i.published_on', '<=', to);
  let channels = db
    .selectFrom('applications')
    .select(['channel', (eb) => eb.fn.countAll().as('n')])
    .where('received_on', '>=', from)
    .where('received_on', '<=', to);
  if (ids !== 'all') {
    const list = ids.length === 0 ? [-1] : ids;
    items = items.where('i.org_id', 'in', list);
    channels = channels.where('org_id', 'in', list);
  }
  const [itemRows, channelRows, categories] = await Promise.all([
    items.groupBy(['c.code', 'c.name', 'c.sort_order']).execute(),
    channels.groupBy('channel').execute(),
    db
      .selectFrom('catalog_columns')
      .select(['code', 'name'])
      .where('kind', '=', 'category')
      .where('org_id', 'is', null)
      .where('is_active', '=', 1)
      .orderBy('sort_order')
      .execute(),
  ]);
  const counted = new Map(itemRows.map((r) => [r.code, num(r.n)]));
  const itemsByCategory = categories.map((c) => ({
    code: c.code,
    name: c.name,
    count: counted.get(c.code) ?? 0,
  }));
  const byGroup = new Map<string, number>();
  for (const r of channelRows) {
    const group = isChannel(r.channel) ? CHANNEL_GROUP_2015[r.channel] : 'other';
    byGroup.set(group, (byGroup.get(group) ?? 0) + num(r.n));
  }
  return {
    itemsByCategory,
    applicationsByChannel: CHANNEL_GROUPS.map((group) => ({ group, count: byGroup.get(group) ?? 0 })),
  };
}
