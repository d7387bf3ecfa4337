import { sql, type Insertable, type Selectable } from 'kysely';
import type { Queryable } from '../platform/db/transaction.js';
import type { CaseEventRow, CaseRow } from './case-facts.js';
import type { ItemCounts, Period } from './supervision.rules.js';
import type {
  SupervisionCaseFactsTable,
  SupervisionCheckResultsTable,
  SupervisionCheckRunsTable,
  SupervisionQuartersTable,
  SupervisionSnapshotsTable,
} from './supervision.tables.js';

/** All SQL of supervision, in Kysely, portable across SQLite and PostgreSQL. */

export type QuarterRow = Selectable<SupervisionQuartersTable>;
export type SnapshotRow = Selectable<SupervisionSnapshotsTable>;
export type CheckRunRow = Selectable<SupervisionCheckRunsTable>;
export type CheckResultRow = Selectable<SupervisionCheckResultsTable>;

export interface SupervisedOrg {
  id: number;
  code: string;
  kind: string;
  name: string;
  path: string;
  parentId: number | null;
  isActive: boolean;
}

/** Appends rows one by one: spreading a large result into push() overflows the call stack. */
function append<T>(out: T[], rows: readonly T[]): void {
  for (const r of rows) out.push(r);
}

/** IN lists stay below every driver's parameter limit. */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/**
 * The organisations within the given subtrees (`'all'` for every one), in tree order: a parent
 * before its children, siblings by sort order and name.
 */
export async function listSupervisedOrgs(
  db: Queryable,
  scope: 'all' | readonly string[],
  options: { includeInactive?: boolean } = {},
): Promise<SupervisedOrg[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  let query = db
    .selectFrom('orgs')
    .select(['id', 'code', 'kind', 'name', 'path', 'parent_id', 'is_active', 'sort_order']);
  if (!options.includeInactive) query = query.where('is_active', '=', 1);
  if (scope !== 'all') {
    query = query.where((eb) => eb.or(scope.map((p) => eb('path', 'like', `${p}%`))));
  }
  const rows = await query.execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Sort by the chain of (sort_order, name) from the root, so the order is the tree's.
  const keyOf = (path: string) =>
    path
      .split('/')
      .filter(Boolean)
      .map((id) => {
        const o = byId.get(Number(id));
        return o ? `${String(o.sort_order).padStart(6, '0')}:${o.name}:${o.id}` : id;
      })
      .join('/');
  return rows
    .map((r) => ({ row: r, key: keyOf(r.path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => ({
      id: row.id,
      code: row.code,
      kind: row.kind,
      name: row.name,
      path: row.path,
      parentId: row.parent_id,
      isActive: row.is_active === 1,
    }));
}

/**
 * The applications of the organisations that matter to a period: received by its end and not closed
 * before its start (the cached `closed_on` is only a pre-filter; the facts come from the log).
 */
export async function listCaseRows(
  db: Queryable,
  orgIds: readonly number[],
  period: Period,
): Promise<CaseRow[]> {
  const out: CaseRow[] = [];
  for (const ids of chunks(orgIds)) {
    append(
      out,
      await db
        .selectFrom('applications')
        .select(['id', 'org_id', 'reference', 'handler_user_id', 'received_on', 'status'])
        .where('org_id', 'in', ids)
        .where('received_on', '<=', period.to)
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', period.from)]))
        .orderBy('id')
        .execute(),
    );
  }
  return out;
}

/** The open applications (cached status), for the alert job: every case that may be due soon or late. */
export async function listOpenCaseRows(db: Queryable, limit: number): Promise<CaseRow[]> {
  return db
    .selectFrom('applications')
    .select(['id', 'org_id', 'reference', 'handler_user_id', 'received_on', 'status'])
    .where('closed_on', 'is', null)
    .orderBy('due_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function listCaseEvents(
  db: Queryable,
  applicationIds: readonly number[],
): Promise<CaseEventRow[]> {
  const out: CaseEventRow[] = [];
  for (const ids of chunks(applicationIds)) {
    append(
      out,
      await db
        .selectFrom('application_events')
        .select(['application_id', 'type', 'on_date', 'payload_json'])
        .where('application_id', 'in', ids)
        .orderBy('application_id')
        .orderBy('seq')
        .execute(),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Case facts (migration 0014): closed applications' facts derived once, summed in grouped SQL

export type CaseFactsRow = Insertable<SupervisionCaseFactsTable>;

/** The facts a view needs: a closed case's settled facts (as of ''), or an open case's as of a day. */
export type FactsNeeded = { kind: 'closed'; closed: Period } | { kind: 'open'; asOf: string };

export type StaleCaseRow = CaseRow & { closed_on: string | null; event_count: number };

/**
 * The applications whose facts a view needs and lacks for their current log and `basis`: closed
 * within `closed` (settled facts), or open on `asOf` (facts as of that day).
 */
export async function listCasesWithoutFacts(
  db: Queryable,
  orgIds: readonly number[],
  needed: FactsNeeded,
  basis: string,
): Promise<StaleCaseRow[]> {
  const asOf = needed.kind === 'closed' ? '' : needed.asOf;
  const closed = needed.kind === 'closed' ? needed.closed : null;
  // Open on asOf: still open, or closed after asOf — two index ranges of (org_id, closed_on), queried
  // apart: with the OR, SQLite walks every application received by asOf instead.
  const shapes: ('closed' | 'still_open' | 'closed_later')[] =
    needed.kind === 'closed' ? ['closed'] : ['still_open', 'closed_later'];
  const out: StaleCaseRow[] = [];
  for (const ids of chunks(orgIds)) {
    for (const shape of shapes) {
      const rows = await db
        .selectFrom('applications as a')
        .leftJoin('supervision_case_facts as f', (join) =>
          join.onRef('f.application_id', '=', 'a.id').on('f.as_of', '=', asOf),
        )
        .select([
          'a.id',
          'a.org_id',
          'a.reference',
          'a.handler_user_id',
          'a.received_on',
          'a.status',
          'a.closed_on',
          'a.event_count',
        ])
        .where('a.org_id', 'in', ids)
        .$if(closed !== null, (qb) =>
          qb.where('a.closed_on', '>=', closed!.from).where('a.closed_on', '<=', closed!.to),
        )
        // `|| ''` keeps SQLite off (org_id, received_on), which walks every case received by asOf, and
        // on the partial index of open cases (migration 0011).
        .$if(shape === 'still_open', (qb) =>
          qb.where('a.closed_on', 'is', null).where(sql<string>`a.received_on || ''`, '<=', asOf),
        )
        .$if(shape === 'closed_later', (qb) =>
          qb.where('a.closed_on', '>', asOf).where('a.received_on', '<=', asOf),
        )
        .where((eb) =>
          eb.or([
            eb('f.application_id', 'is', null),
            eb('f.event_count', '<>', eb.ref('a.event_count')),
            eb('f.basis', '<>', basis),
          ]),
        )
        .execute();
      for (const r of rows) out.push(r);
    }
  }
  return out.sort((x, y) => x.id - y.id);
}

/** Stores derived facts, replacing older ones of the same application and day. */
export async function upsertCaseFacts(db: Queryable, rows: readonly CaseFactsRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('supervision_case_facts')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['application_id', 'as_of']).doUpdateSet((eb) => ({
          basis: eb.ref('excluded.basis'),
          event_count: eb.ref('excluded.event_count'),
          org_id: eb.ref('excluded.org_id'),
          received_on: eb.ref('excluded.received_on'),
          closed_on: eb.ref('excluded.closed_on'),
          is_open: eb.ref('excluded.is_open'),
          is_due_soon: eb.ref('excluded.is_due_soon'),
          is_overdue: eb.ref('excluded.is_overdue'),
          is_answered: eb.ref('excluded.is_answered'),
          is_answered_late: eb.ref('excluded.is_answered_late'),
          answer_working_days: eb.ref('excluded.answer_working_days'),
          correction_requested_on: eb.ref('excluded.correction_requested_on'),
          is_correction_late: eb.ref('excluded.is_correction_late'),
          consultation_window_ends: eb.ref('excluded.consultation_window_ends'),
        })),
      )
      .execute();
  }
}

/**
 * Drops open cases' facts as of days before `before` that no view asks for any more: only settled
 * facts ('') and quarters' last days (past quarters' views) are kept.
 */
export async function deleteOutdatedOpenFacts(db: Queryable, before: string): Promise<number> {
  const result = await db
    .deleteFrom('supervision_case_facts')
    .where('as_of', '<>', '')
    .where('as_of', '<', before)
    .where(sql<string>`substr(as_of, 6)`, 'not in', ['03-31', '06-30', '09-30', '12-31'])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Answers given within `closed`, per organisation and number of working days, with how many were late. */
export async function sumAnswersByOrgAndDays(
  db: Queryable,
  orgIds: readonly number[],
  closed: Period,
): Promise<{ orgId: number; days: number | null; answered: number; late: number }[]> {
  const out: { orgId: number; days: number | null; answered: number; late: number }[] = [];
  for (const ids of chunks(orgIds)) {
    const rows = await db
      .selectFrom('supervision_case_facts')
      .select((eb) => [
        'org_id',
        'answer_working_days',
        eb.fn.countAll<number>().as('answered'),
        eb.fn.sum<number>('is_answered_late').as('late'),
      ])
      .where('org_id', 'in', ids)
      .where('as_of', '=', '')
      .where('closed_on', '>=', closed.from)
      .where('closed_on', '<=', closed.to)
      .where('is_answered', '=', 1)
      .groupBy(['org_id', 'answer_working_days'])
      .execute();
    for (const r of rows) {
      out.push({
        orgId: r.org_id,
        days: r.answer_working_days,
        answered: Number(r.answered),
        late: Number(r.late ?? 0),
      });
    }
  }
  return out;
}

export interface FindingFactsRow {
  org_id: number;
  correction_requested_on: string | null;
  is_correction_late: number;
  consultation_window_ends: string;
}

/** The few closed cases with a late correction request or a consultation window that ran out. */
export async function listClosedFactsWithFindings(
  db: Queryable,
  orgIds: readonly number[],
  closed: Period,
): Promise<FindingFactsRow[]> {
  const out: FindingFactsRow[] = [];
  for (const ids of chunks(orgIds)) {
    append(
      out,
      await db
        .selectFrom('supervision_case_facts')
        .select(['org_id', 'correction_requested_on', 'is_correction_late', 'consultation_window_ends'])
        .where('org_id', 'in', ids)
        .where('as_of', '=', '')
        .where('closed_on', '>=', closed.from)
        .where('closed_on', '<=', closed.to)
        .where((eb) => eb.or([eb('is_correction_late', '=', 1), eb('consultation_window_ends', '<>', '')]))
        .execute(),
    );
  }
  return out;
}

/**
 * The cases open on `asOf` (by the applications' cached closing day) summed from their facts as of
 * that day: per organisation open, due soon, overdue; and the rows with a late correction request or
 * a consultation window that ran out.
 */
export async function sumOpenFacts(
  db: Queryable,
  orgIds: readonly number[],
  asOf: string,
): Promise<{
  counts: { orgId: number; open: number; dueSoon: number; overdue: number }[];
  findings: FindingFactsRow[];
}> {
  const counts: { orgId: number; open: number; dueSoon: number; overdue: number }[] = [];
  const findings: FindingFactsRow[] = [];
  const byOrg = new Map<number, { orgId: number; open: number; dueSoon: number; overdue: number }>();
  for (const ids of chunks(orgIds)) {
    // Still open, or closed after asOf: two index ranges queried apart (see listCasesWithoutFacts).
    for (const stillOpen of [true, false]) {
      const base = db
        .selectFrom('applications as a')
        .innerJoin('supervision_case_facts as f', (join) =>
          join.onRef('f.application_id', '=', 'a.id').on('f.as_of', '=', asOf),
        )
        .where('a.org_id', 'in', ids)
        .$if(stillOpen, (qb) =>
          qb.where('a.closed_on', 'is', null).where(sql<string>`a.received_on || ''`, '<=', asOf),
        )
        .$if(!stillOpen, (qb) => qb.where('a.closed_on', '>', asOf).where('a.received_on', '<=', asOf));
      const rows = await base
        .select((eb) => [
          'a.org_id',
          eb.fn.sum<number>('f.is_open').as('open'),
          eb.fn.sum<number>('f.is_due_soon').as('due_soon'),
          eb.fn.sum<number>('f.is_overdue').as('overdue'),
        ])
        .groupBy('a.org_id')
        .execute();
      for (const r of rows) {
        const entry = byOrg.get(r.org_id) ?? { orgId: r.org_id, open: 0, dueSoon: 0, overdue: 0 };
        entry.open += Number(r.open ?? 0);
        entry.dueSoon += Number(r.due_soon ?? 0);
        entry.overdue += Number(r.overdue ?? 0);
        byOrg.set(r.org_id, entry);
      }
      append(
        findings,
        await base
          .select([
            'a.org_id',
            'f.correction_requested_on',
            'f.is_correction_late',
            'f.consultation_window_ends',
          ])
          .where((eb) =>
            eb.or([eb('f.is_correction_late', '=', 1), eb('f.consultation_window_ends', '<>', '')]),
          )
          .execute(),
      );
    }
  }
  counts.push(...byOrg.values());
  return { counts, findings };
}

/** What the working calendars are made of (office overrides and year settings), for the facts' basis. */
export async function listCalendarBasisRows(db: Queryable): Promise<unknown[]> {
  const [overrides, years] = await Promise.all([
    db.selectFrom('calendar_overrides').select(['id', 'org_id', 'date', 'kind']).orderBy('id').execute(),
    db.selectFrom('calendar_years').select(['year', 'is_published', 'source']).orderBy('year').execute(),
  ]);
  return [overrides, years];
}

/** 条例第二十六条 per organisation: items published in the period, and those published late (grouped). */
export async function countItemsByOrg(
  db: Queryable,
  orgIds: readonly number[],
  period: Period,
): Promise<ItemCounts[]> {
  const out: ItemCounts[] = [];
  for (const ids of chunks(orgIds)) {
    const rows = await db
      .selectFrom('catalog_items')
      .select((eb) => [
        'org_id',
        eb.fn.countAll<number>().as('published'),
        eb.fn.sum<number>('is_late').as('late'),
      ])
      .where('org_id', 'in', ids)
      .where('status', 'in', ['published', 'withdrawn'])
      .where('published_on', '>=', period.from)
      .where('published_on', '<=', period.to)
      .groupBy('org_id')
      .execute();
    out.push(
      ...rows.map((r) => ({ orgId: r.org_id, published: Number(r.published), late: Number(r.late ?? 0) })),
    );
  }
  return out;
}

/** The late items of one organisation in a period (drill-down). */
export function listLateItems(db: Queryable, orgId: number, period: Period) {
  return db
    .selectFrom('catalog_items')
    .select(['id', 'title', 'index_number', 'formed_on', 'published_on', 'publication_working_days'])
    .where('org_id', '=', orgId)
    .where('is_late', '=', 1)
    .where('status', 'in', ['published', 'withdrawn'])
    .where('published_on', '>=', period.from)
    .where('published_on', '<=', period.to)
    .orderBy('published_on')
    .execute();
}

/** Each organisation's own annual report of `year` (the reporting workflow's table), when one exists. */
export async function listReportSubmissions(db: Queryable, orgIds: readonly number[], year: number) {
  const out: { orgId: number; status: string; submittedAt: string | null; publishedAt: string | null }[] = [];
  for (const ids of chunks(orgIds)) {
    const rows = await db
      .selectFrom('annual_report_submissions')
      .select(['org_id', 'status', 'submitted_at', 'published_at'])
      .where('org_id', 'in', ids)
      .where('year', '=', year)
      .where('scope', '=', 'self')
      .execute();
    out.push(
      ...rows.map((r) => ({
        orgId: r.org_id,
        status: r.status,
        submittedAt: r.status === 'draft' ? null : r.submitted_at,
        publishedAt: r.status === 'published' ? r.published_at : null,
      })),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Settings and column rules

export async function readSetting(db: Queryable, key: string): Promise<unknown> {
  const row = await db
    .selectFrom('supervision_settings')
    .select('value_json')
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    return JSON.parse(row.value_json) as unknown;
  } catch {
    return undefined;
  }
}

export async function writeSetting(
  db: Queryable,
  key: string,
  value: unknown,
  by: number | null,
  at: string,
): Promise<void> {
  await db
    .insertInto('supervision_settings')
    .values({ key, value_json: JSON.stringify(value), updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value_json: JSON.stringify(value), updated_by: by, updated_at: at }),
    )
    .execute();
}

export function listColumnsWithRules(db: Queryable) {
  return db
    .selectFrom('catalog_columns as c')
    .leftJoin('supervision_column_rules as r', 'r.column_id', 'c.id')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.org_id',
      'c.is_active',
      'c.sort_order',
      'r.category',
      'r.max_age_days',
      'r.is_required',
    ])
    .orderBy('c.sort_order')
    .orderBy('c.id')
    .execute();
}

export async function saveColumnRule(
  db: Queryable,
  row: {
    columnId: number;
    category: string;
    maxAgeDays: number | null;
    isRequired: boolean;
    by: number | null;
    at: string;
  },
): Promise<void> {
  const values = {
    category: row.category,
    max_age_days: row.maxAgeDays,
    is_required: row.isRequired ? 1 : 0,
    updated_by: row.by,
    updated_at: row.at,
  };
  await db
    .insertInto('supervision_column_rules')
    .values({ column_id: row.columnId, ...values })
    .onConflict((oc) => oc.column('column_id').doUpdateSet(values))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Website checks: grouped facts per organisation and column

/** Per organisation and column: items published now, and the newest publication date (grouped). */
export async function listColumnUsage(db: Queryable, orgIds: readonly number[]) {
  const out: { orgId: number; columnId: number; published: number; lastPublishedOn: string | null }[] = [];
  for (const ids of chunks(orgIds)) {
    const rows = await db
      .selectFrom('catalog_items as i')
      .innerJoin('catalog_item_columns as ic', 'ic.item_id', 'i.id')
      .select((eb) => [
        'i.org_id',
        'ic.column_id',
        eb.fn.countAll<number>().as('published'),
        eb.fn.max('i.published_on').as('last_on'),
      ])
      .where('i.org_id', 'in', ids)
      .where('i.status', '=', 'published')
      .groupBy(['i.org_id', 'ic.column_id'])
      .execute();
    out.push(
      ...rows.map((r) => ({
        orgId: r.org_id,
        columnId: r.column_id,
        published: Number(r.published),
        lastPublishedOn: r.last_on ?? null,
      })),
    );
  }
  return out;
}

/** The columns each organisation has ever put an item in (any status): the columns it keeps. */
export async function listColumnsEverUsed(db: Queryable, orgIds: readonly number[]) {
  const out: { orgId: number; columnId: number }[] = [];
  for (const ids of chunks(orgIds)) {
    const rows = await db
      .selectFrom('catalog_items as i')
      .innerJoin('catalog_item_columns as ic', 'ic.item_id', 'i.id')
      .select(['i.org_id', 'ic.column_id'])
      .where('i.org_id', 'in', ids)
      .groupBy(['i.org_id', 'ic.column_id'])
      .execute();
    out.push(...rows.map((r) => ({ orgId: r.org_id, columnId: r.column_id })));
  }
  return out;
}

/** The newest publication date of each organisation (grouped). */
export async function listLastPublished(db: Queryable, orgIds: readonly number[]) {
  const out = new Map<number, string | null>();
  for (const ids of chunks(orgIds)) {
    const rows = await db
      .selectFrom('catalog_items')
      .select((eb) => ['org_id', eb.fn.max('published_on').as('last_on')])
      .where('org_id', 'in', ids)
      .where('status', '=', 'published')
      .groupBy('org_id')
      .execute();
    for (const r of rows) out.set(r.org_id, r.last_on ?? null);
  }
  return out;
}

export function listUndatedItems(db: Queryable, orgIds: readonly number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('catalog_items')
    .select(['id', 'org_id', 'title'])
    .where('org_id', 'in', [...orgIds])
    .where('status', '=', 'published')
    .where('published_on', 'is', null)
    .orderBy('id')
    .limit(1000)
    .execute();
}

/** Published items' bodies, for the link check: the only place link targets are read from. */
export function listPublishedBodies(db: Queryable, orgIds: readonly number[], limit: number) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('catalog_items')
    .select(['id', 'org_id', 'body_html'])
    .where('org_id', 'in', [...orgIds])
    .where('status', '=', 'published')
    .where('body_html', 'like', '%http%')
    .orderBy('published_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function listPublishedAttachments(db: Queryable, orgIds: readonly number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('catalog_attachments as a')
    .innerJoin('catalog_items as i', 'i.id', 'a.item_id')
    .select(['a.id', 'a.item_id', 'a.storage_key', 'a.original_name', 'i.org_id'])
    .where('i.org_id', 'in', [...orgIds])
    .where('i.status', '=', 'published')
    .orderBy('a.id')
    .limit(5000)
    .execute();
}

export async function insertCheckRun(
  db: Queryable,
  row: Insertable<SupervisionCheckRunsTable>,
): Promise<number> {
  const r = await db
    .insertInto('supervision_check_runs')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function finishCheckRun(
  db: Queryable,
  id: number,
  patch: { status: 'done' | 'failed'; finished_at: string; links_checked: number },
): Promise<void> {
  await db.updateTable('supervision_check_runs').set(patch).where('id', '=', id).execute();
}

export async function insertCheckResult(
  db: Queryable,
  row: Insertable<SupervisionCheckResultsTable>,
): Promise<void> {
  await db.insertInto('supervision_check_results').values(row).execute();
}

export function listCheckRuns(db: Queryable, limit: number) {
  return db.selectFrom('supervision_check_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export function findCheckRun(db: Queryable, id: number) {
  return db.selectFrom('supervision_check_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCheckResultsOfRun(db: Queryable, runId: number, orgIds: readonly number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('supervision_check_results')
    .selectAll()
    .where('run_id', '=', runId)
    .where('org_id', 'in', [...orgIds])
    .execute();
}

/** One organisation's results across runs, newest first (the history). */
export function listCheckHistoryOf(db: Queryable, orgId: number, limit: number) {
  return db
    .selectFrom('supervision_check_results as r')
    .innerJoin('supervision_check_runs as run', 'run.id', 'r.run_id')
    .select([
      'r.id',
      'r.run_id',
      'run.checked_on',
      'r.is_veto',
      'r.veto_json',
      'r.stale_columns',
      'r.empty_columns',
      'r.undated_items',
      'r.broken_links',
      'r.missing_attachments',
      'r.score',
      'r.details_json',
    ])
    .where('r.org_id', '=', orgId)
    .orderBy('r.run_id', 'desc')
    .limit(limit)
    .execute();
}

/** The latest finished run's score per organisation (for the assessment). */
export async function latestWebsiteScores(db: Queryable): Promise<Map<number, number>> {
  const run = await db
    .selectFrom('supervision_check_runs')
    .select('id')
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!run) return new Map();
  const rows = await db
    .selectFrom('supervision_check_results')
    .select(['org_id', 'score'])
    .where('run_id', '=', run.id)
    .execute();
  return new Map(rows.map((r) => [r.org_id, Number(r.score)]));
}

// ---------------------------------------------------------------------------------------------
// Quarters

export function findQuarter(db: Queryable, quarter: string): Promise<QuarterRow | undefined> {
  return db.selectFrom('supervision_quarters').selectAll().where('quarter', '=', quarter).executeTakeFirst();
}

export function listQuarters(
  db: Queryable,
  options: { publishedOnly?: boolean } = {},
): Promise<QuarterRow[]> {
  let q = db.selectFrom('supervision_quarters').selectAll();
  if (options.publishedOnly) q = q.where('status', '=', 'published');
  return q.orderBy('quarter', 'desc').execute();
}

export async function upsertQuarterDraft(
  db: Queryable,
  row: Omit<Insertable<SupervisionQuartersTable>, 'status'>,
): Promise<void> {
  const existing = await findQuarter(db, row.quarter);
  const values = {
    ...row,
    status: 'draft' as const,
    reviewed_at: null,
    reviewed_by: null,
    review_note: null,
    published_at: null,
    published_by: null,
  };
  if (existing)
    await db.updateTable('supervision_quarters').set(values).where('id', '=', existing.id).execute();
  else await db.insertInto('supervision_quarters').values(values).execute();
}

export async function updateQuarter(
  db: Queryable,
  id: number,
  patch: Partial<Omit<QuarterRow, 'id' | 'quarter'>>,
): Promise<void> {
  await db.updateTable('supervision_quarters').set(patch).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Snapshots

export async function replaceSnapshots(
  db: Queryable,
  snapshotOn: string,
  rows: Insertable<SupervisionSnapshotsTable>[],
): Promise<void> {
  await db.deleteFrom('supervision_snapshots').where('snapshot_on', '=', snapshotOn).execute();
  for (const part of chunks(rows)) {
    if (part.length) await db.insertInto('supervision_snapshots').values(part).execute();
  }
}

/** The newest snapshot day's rows, with each organisation's public name. */
export async function latestSnapshot(db: Queryable) {
  const day = await db
    .selectFrom('supervision_snapshots')
    .select((eb) => eb.fn.max('snapshot_on').as('d'))
    .executeTakeFirst();
  const snapshotOn = (day?.d as string | null | undefined) ?? null;
  if (!snapshotOn) return { snapshotOn: null, rows: [] };
  const rows = await db
    .selectFrom('supervision_snapshots as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select([
      's.org_id',
      'o.code',
      'o.name',
      'o.path',
      's.period_from',
      's.period_to',
      's.answered_count',
      's.on_time_count',
      's.on_time_rate',
      's.median_days',
      's.p90_days',
    ])
    .where('s.snapshot_on', '=', snapshotOn)
    .where('o.is_active', '=', 1)
    .orderBy('o.path')
    .execute();
  return { snapshotOn, rows };
}

// ---------------------------------------------------------------------------------------------
// Assessment

export function latestAssessmentConfig(db: Queryable) {
  return db.selectFrom('supervision_assessment_configs').selectAll().orderBy('id', 'desc').executeTakeFirst();
}

export async function insertAssessmentConfig(
  db: Queryable,
  row: { indicators_json: string; created_by: number | null; created_at: string },
): Promise<number> {
  const r = await db
    .insertInto('supervision_assessment_configs')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function replaceAssessmentScores(
  db: Queryable,
  configId: number,
  periodKey: string,
  rows: {
    org_id: number;
    score: number | null;
    rank: number | null;
    details_json: string;
    computed_at: string;
  }[],
): Promise<void> {
  await db
    .deleteFrom('supervision_assessment_scores')
    .where('config_id', '=', configId)
    .where('period_key', '=', periodKey)
    .execute();
  for (const part of chunks(rows)) {
    if (part.length) {
      await db
        .insertInto('supervision_assessment_scores')
        .values(part.map((r) => ({ ...r, config_id: configId, period_key: periodKey })))
        .execute();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Alerts

export interface Recipient {
  userId: number;
  email: string;
  displayName: string;
}

export async function findActiveUsersWithEmail(
  db: Queryable,
  userIds: readonly number[],
): Promise<Recipient[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', 'in', [...userIds])
    .where('is_active', '=', 1)
    .where('email', 'is not', null)
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email as string, displayName: r.display_name }));
}

/** Users holding `roles` on exactly one of the given organisations (active, with an e-mail address). */
export async function listGrantHolders(db: Queryable, roles: readonly string[], orgIds: readonly number[]) {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.org_id', 'u.id', 'u.email', 'u.display_name'])
    .where('g.role', 'in', [...roles] as never)
    .where('g.org_id', 'in', [...orgIds])
    .where('u.is_active', '=', 1)
    .where('u.email', 'is not', null)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    orgId: r.org_id,
    userId: r.id,
    email: r.email as string,
    displayName: r.display_name,
  }));
}

/** Records an alert once: false when the key exists already (the alert went out before). */
export async function claimAlert(
  db: Queryable,
  row: {
    alertKey: string;
    kind: 'handler' | 'head' | 'city' | 'escalation';
    recipientUserId: number;
    orgId: number | null;
    applicationId: number | null;
    at: string;
  },
): Promise<number | null> {
  const inserted = await db
    .insertInto('supervision_alerts')
    .values({
      alert_key: row.alertKey,
      kind: row.kind,
      recipient_user_id: row.recipientUserId,
      org_id: row.orgId,
      application_id: row.applicationId,
      outbox_id: null,
      created_at: row.at,
    })
    .onConflict((oc) => oc.column('alert_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** Which of these alert keys were already claimed (sent) by an earlier run. */
export async function listClaimedAlertKeys(db: Queryable, keys: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(keys)) {
    const rows = await db
      .selectFrom('supervision_alerts')
      .select('alert_key')
      .where('alert_key', 'in', part)
      .execute();
    for (const r of rows) out.add(r.alert_key);
  }
  return out;
}

export async function setAlertOutbox(db: Queryable, id: number, outboxId: number): Promise<void> {
  await db.updateTable('supervision_alerts').set({ outbox_id: outboxId }).where('id', '=', id).execute();
}

export function countAlerts(db: Queryable) {
  return db
    .selectFrom('supervision_alerts')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
}
