import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/transaction.js';

/**
 * The statistics pages' SQL: each figure is ONE grouped query (GROUP BY organisation, month, channel,
 * applicant type, outcome, answer ground, catalog category, or the (received, closed, due) triple for
 * the timing), portable across SQLite and PostgreSQL. Nothing here reads one row per application.
 * Dates are `YYYY-MM-DD` text, so a period is a lexical range.
 */

export interface StatisticsFilter {
  /** Organisation ids covered, or every organisation. */
  orgIds: readonly number[] | 'all';
  from: string;
  to: string;
}

const n = (v: unknown) => Number(v ?? 0);
const ids = (f: StatisticsFilter) => (f.orgIds === 'all' ? null : f.orgIds.length ? [...f.orgIds] : [-1]);

function received(db: Queryable, f: StatisticsFilter) {
  let q = db.selectFrom('applications').where('received_on', '>=', f.from).where('received_on', '<=', f.to);
  const list = ids(f);
  if (list) q = q.where('org_id', 'in', list);
  return q;
}

function closed(db: Queryable, f: StatisticsFilter) {
  let q = db
    .selectFrom('applications')
    .where('closed_on', '>=', f.from)
    .where('closed_on', '<=', f.to)
    .where('outcome', 'is not', null);
  const list = ids(f);
  if (list) q = q.where('org_id', 'in', list);
  return q;
}

export async function countReceivedByOrg(
  db: Queryable,
  f: StatisticsFilter,
): Promise<{ orgId: number; orgCode: string; orgName: string; count: number }[]> {
  const rows = await received(db, f)
    .innerJoin('orgs', 'orgs.id', 'applications.org_id')
    .select(['orgs.id', 'orgs.code', 'orgs.name', 'orgs.path', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['orgs.id', 'orgs.code', 'orgs.name', 'orgs.path'])
    .orderBy('orgs.path')
    .execute();
  return rows.map((r) => ({ orgId: r.id, orgCode: r.code, orgName: r.name, count: n(r.n) }));
}

export async function countReceivedByMonth(
  db: Queryable,
  f: StatisticsFilter,
): Promise<{ month: string; count: number }[]> {
  const month = sql<string>`substr(received_on, 1, 7)`;
  const rows = await received(db, f)
    .select([month.as('month'), (eb) => eb.fn.countAll().as('n')])
    .groupBy(month)
    .orderBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, count: n(r.n) }));
}

export async function countReceivedBy(
  db: Queryable,
  f: StatisticsFilter,
  column: 'channel' | 'applicant_type',
): Promise<Map<string, number>> {
  const rows = await received(db, f)
    .select([column, (eb) => eb.fn.countAll().as('n')])
    .groupBy(column)
    .execute();
  return new Map(rows.map((r) => [String((r as Record<string, unknown>)[column]), n(r.n)]));
}

export async function countClosedByOutcome(db: Queryable, f: StatisticsFilter): Promise<Map<string, number>> {
  const rows = await closed(db, f)
    .select(['outcome', (eb) => eb.fn.countAll().as('n')])
    .groupBy('outcome')
    .execute();
  return new Map(rows.map((r) => [String(r.outcome), n(r.n)]));
}

/**
 * Answered applications closed in the period, grouped by (received, closed, due): a few hundred
 * distinct triples even for a year of a whole city, from which the working days and the on-time
 * count follow without reading the applications one by one. `other.*` closures (no correction, fee
 * unpaid, withdrawn) are not answers and are left out.
 */
export async function countAnsweredByDates(
  db: Queryable,
  f: StatisticsFilter,
): Promise<{ receivedOn: string; closedOn: string; dueOn: string | null; count: number }[]> {
  const rows = await closed(db, f)
    .where('outcome', 'not like', 'other.%')
    .select(['received_on', 'closed_on', 'due_on', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['received_on', 'closed_on', 'due_on'])
    .execute();
  return rows.map((r) => ({
    receivedOn: r.received_on,
    closedOn: r.closed_on!,
    dueOn: r.due_on ?? null,
    count: n(r.n),
  }));
}

/** Published items in the period by the five city-wide category columns (cat-*), in taxonomy order. */
export async function countItemsByCategory(
  db: Queryable,
  f: StatisticsFilter,
): Promise<{ code: string; name: string; count: number }[]> {
  let q = db
    .selectFrom('catalog_item_columns as ic')
    .innerJoin('catalog_items as i', 'i.id', 'ic.item_id')
    .innerJoin('catalog_columns as c', 'c.id', 'ic.column_id')
    .select(['c.code', (eb) => eb.fn.countAll().as('n')])
    .where('c.kind', '=', 'category')
    .where('c.org_id', 'is', null)
    .where('i.status', '=', 'published')
    .where('i.published_on', '>=', f.from)
    .where('i.published_on', '<=', f.to);
  const list = ids(f);
  if (list) q = q.where('i.org_id', 'in', list);
  const [rows, categories] = await Promise.all([
    q.groupBy('c.code').execute(),
    db
      .selectFrom('catalog_columns')
      .select(['code', 'name'])
      .where('kind', '=', 'category')
      .where('org_id', 'is', null)
      .where('is_active', '=', 1)
      .orderBy('sort_order')
      .execute(),
  ]);
  const counted = new Map(rows.map((r) => [r.code, n(r.n)]));
  return categories.map((c) => ({ code: c.code, name: c.name, count: counted.get(c.code) ?? 0 }));
}

/**
 * Applications closed in the period by the answer ground recorded on their closing event (商业秘密,
 * 个人隐私, 非政府信息 …: the older statistics' "refusals by reason"). The ground code sits in the
 * event's JSON payload as `"groundCode":"…"` (JSON.stringify, no spaces); matching it with LIKE
 * against the grounds table keeps this one portable grouped query on both databases.
 */
export async function countClosedByGround(
  db: Queryable,
  f: StatisticsFilter,
): Promise<{ code: string; label: string; outcome: string; count: number }[]> {
  let q = db
    .selectFrom('applications as a')
    .innerJoin('application_events as e', (join) =>
      join.onRef('e.application_id', '=', 'a.id').on('e.type', '=', 'closed'),
    )
    .innerJoin('request_answer_grounds as g', (join) =>
      join.on(sql<boolean>`e.payload_json like ${'%"groundCode":"'} || g.code || ${'"%'}`),
    )
    .select([
      'g.code',
      'g.label',
      'g.outcome',
      'g.sort_order',
      (eb) => eb.fn.count<number>('a.id').distinct().as('n'),
    ])
    .where('a.closed_on', '>=', f.from)
    .where('a.closed_on', '<=', f.to)
    .where('a.outcome', 'is not', null);
  const list = ids(f);
  if (list) q = q.where('a.org_id', 'in', list);
  const rows = await q
    .groupBy(['g.code', 'g.label', 'g.outcome', 'g.sort_order'])
    .orderBy('g.sort_order')
    .execute();
  return rows.map((r) => ({ code: r.code, label: r.label, outcome: r.outcome, count: n(r.n) }));
}
