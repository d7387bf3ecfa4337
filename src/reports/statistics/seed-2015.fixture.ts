import type { Insertable } from 'kysely';
import type { Queryable } from '../../platform/db/transaction.js';
import type { ApplicationsTable } from '../../requests/requests.tables.js';
import type { CatalogItemsTable } from '../../catalog/catalog.tables.js';

/**
 * The seed report's own 2015 figures (《2015年东莞市政府信息公开工作年度报告》, issue 5 acceptance) as
 * records: 1,831 published items in the five categories, 1,207 applications by channel, 32 of them
 * closed with a withholding ground on the answer. Written as bulk rows (a few hundred per INSERT), not
 * through thousands of use-case calls; only the columns the statistics read are meaningful.
 */

export const SEED_2015 = {
  items: {
    'cat-regulations': 96,
    'cat-business': 33,
    'cat-meetings': 1675,
    'cat-statistics': 8,
    'cat-other': 19,
  },
  /** 当面 677; 信函 310 (signed-for and ordinary letters); 网络 220 (the form, e-mail and fax). */
  channels: { in_person: 677, registered_mail: 200, ordinary_mail: 110, online: 180, email: 30, fax: 10 },
  /** Answer grounds (request_answer_grounds codes) of the 32 withheld answers. */
  grounds: {
    state_secret: { outcome: 'withheld.state_secret', count: 3 },
    trade_secret: { outcome: 'withheld.third_party_rights', count: 3 },
    personal_privacy: { outcome: 'withheld.third_party_rights', count: 3 },
    prohibited_by_law: { outcome: 'withheld.prohibited_by_law', count: 3 },
    not_government_info: { outcome: 'unavailable.not_held', count: 20 },
  },
} as const;

const AT = '2016-01-05T00:00:00.000Z';
const CHUNK = 300;

function dateOf2015(i: number, offset = 0): string {
  // Spread over the year's days (1 Jan … 20 Dec), deterministic.
  const day = new Date(Date.UTC(2015, 0, 1 + ((i * 7) % 354) + offset));
  return day.toISOString().slice(0, 10);
}

async function insertChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

function applicationRow(
  orgId: number,
  n: number,
  channel: string,
  outcome: string,
): Insertable<ApplicationsTable> {
  const received = dateOf2015(n);
  const closed = dateOf2015(n, 5);
  return {
    org_id: orgId,
    reference: `DG-2015-${String(n).padStart(6, '0')}`,
    query_code_hash: 'seed-2015',
    client_token_hash: null,
    channel,
    submitted_at: `${received}T02:00:00.000Z`,
    received_on: received,
    applicant_type: n % 10 === 0 ? 'commercial_enterprise' : 'natural_person',
    description: '（演示数据）申请公开征地拆迁相关信息',
    doc_number: null,
    doc_title: null,
    purpose: null,
    delivery_form: 'paper',
    delivery_method: 'pickup',
    handler_user_id: null,
    registered_by: null,
    status: 'closed',
    outcome,
    due_on: dateOf2015(n, 28),
    closed_on: closed,
    last_event_on: closed,
    state_computed_on: closed,
    created_at: AT,
    updated_at: AT,
  };
}

/** Writes the 2015 figures for `orgId`; returns what was written (for the test's expectations). */
export async function buildSeed2015Fixture(
  db: Queryable,
  orgId: number,
): Promise<{ items: number; applications: number }> {
  // Items by category.
  const columns = await db
    .selectFrom('catalog_columns')
    .select(['id', 'code'])
    .where('code', 'in', Object.keys(SEED_2015.items))
    .where('org_id', 'is', null)
    .execute();
  const columnId = new Map(columns.map((c) => [c.code, c.id]));
  let itemCount = 0;
  for (const [code, count] of Object.entries(SEED_2015.items)) {
    const rows: Insertable<CatalogItemsTable>[] = Array.from({ length: count }, (_, i) => ({
      org_id: orgId,
      index_number: null,
      title: `【演示】2015年政府信息 ${code} ${i + 1}`,
      summary: '',
      body_html: '',
      body_text: '',
      published_on: dateOf2015(itemCount + i),
      doc_type: 'other',
      keywords_json: '[]',
      disclosure_method: '主动公开',
      disclosure_scope: '面向全社会',
      status: 'published',
      created_at: AT,
      updated_at: AT,
    }));
    await insertChunks(rows, async (chunk) => {
      const ids = await db.insertInto('catalog_items').values(chunk).returning('id').execute();
      await db
        .insertInto('catalog_item_columns')
        .values(ids.map(({ id }) => ({ item_id: id, column_id: columnId.get(code)! })))
        .execute();
    });
    itemCount += count;
  }

  // Applications: the withheld ones first (their closing events carry the ground), then the rest.
  const channelList = Object.entries(SEED_2015.channels).flatMap(([channel, count]) =>
    Array.from({ length: count }, () => channel),
  );
  let n = 0;
  const grounded: { ground: string; row: Insertable<ApplicationsTable> }[] = [];
  for (const [ground, { outcome, count }] of Object.entries(SEED_2015.grounds))
    for (let i = 0; i < count; i++)
      grounded.push({ ground, row: applicationRow(orgId, ++n, channelList[n - 1]!, outcome) });
  const ids = await db
    .insertInto('applications')
    .values(grounded.map((g) => g.row))
    .returning('id')
    .execute();
  await db
    .insertInto('application_events')
    .values(
      ids.flatMap(({ id }, i) => {
        const g = grounded[i]!;
        return [
          {
            application_id: id,
            seq: 1,
            type: 'received',
            on_date: g.row.received_on,
            payload_json: JSON.stringify({ channel: g.row.channel }),
            actor_user_id: null,
            actor_label: 'seed',
            created_at: AT,
          },
          {
            application_id: id,
            seq: 2,
            type: 'closed',
            on_date: g.row.closed_on!,
            payload_json: JSON.stringify({ outcome: g.row.outcome, groundCode: g.ground }),
            actor_user_id: null,
            actor_label: 'seed',
            created_at: AT,
          },
        ];
      }),
    )
    .execute();
  // "除1宗无效申请外，办结率为100%": one closed as other, the rest disclosed.
  const rest: Insertable<ApplicationsTable>[] = [];
  while (n < channelList.length) {
    n++;
    rest.push(
      applicationRow(orgId, n, channelList[n - 1]!, n === channelList.length ? 'other.other' : 'granted'),
    );
  }
  await insertChunks(rest, (chunk) => db.insertInto('applications').values(chunk).execute());
  return { items: itemCount, applications: n };
}
