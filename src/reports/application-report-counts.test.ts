import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { buildOrg, type BuiltOrg } from '../../test/support/factories.js';
import { inTransaction } from '../platform/db/transaction.js';
import { APPLICANT_TYPES, OUTCOME_CODES } from './annual-report.js';
import { deriveApplicationRows, deriveApplicationRowsFromRecords } from './derive-annual-report.js';
import { seededRandom } from '../platform/seeded-random.js';

/**
 * `application_report_counts` (migration 0012) must equal the applications exactly, whatever writes
 * them: after random inserts, closings, reopenings, transfers, type and date corrections, deletions
 * and a rolled-back transaction, the table equals a GROUP BY over `applications`, and table 三 derived
 * from it equals table 三 derived from the raw rows for every year and scope.
 */

const AT = '2026-01-01T00:00:00.000Z';

describe('application_report_counts stays exactly in step with applications', () => {
  let t: TestDatabase;
  let orgs: BuiltOrg[];
  const seed = Number(process.env.REPORT_COUNTS_SEED) || 20251231;
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const day = () => {
    const d = new Date(Date.UTC(2023, 0, 1) + Math.floor(rnd() * 3 * 366) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const later = (from: string) =>
    new Date(Date.parse(from) + Math.floor(rnd() * 60) * 86_400_000).toISOString().slice(0, 10);
  let seq = 0;

  before(async () => {
    t = await createTestDatabase();
    const city = await buildOrg(t.database, { code: 'city', name: '示例市人民政府' });
    const dept = await buildOrg(t.database, { code: 'dept', parentCode: 'city', name: '示例市甲局' });
    const town = await buildOrg(t.database, {
      code: 'town',
      parentCode: 'city',
      kind: 'town',
      name: '示例镇',
    });
    const office = await buildOrg(t.database, { code: 'office', parentCode: 'town', name: '示例镇办' });
    orgs = [city, dept, town, office];
  });
  after(async () => t.cleanup());

  async function insertSome(n: number) {
    const rows = [];
    for (let i = 0; i < n; i++) {
      seq++;
      const received = day();
      const closed = rnd() < 0.75 ? later(received) : null;
      rows.push({
        org_id: pick(orgs).id,
        reference: `C-${seq}`,
        query_code_hash: 'x',
        client_token_hash: null,
        channel: 'online',
        submitted_at: `${received}T02:00:00.000Z`,
        received_on: received,
        applicant_type: pick(APPLICANT_TYPES),
        description: '申请',
        doc_number: null,
        doc_title: null,
        purpose: null,
        delivery_form: 'electronic',
        delivery_method: 'email',
        handler_user_id: null,
        registered_by: null,
        status: closed ? 'closed' : 'received',
        // Some closed without an outcome (counted as other.other).
        outcome: closed && rnd() < 0.9 ? pick(OUTCOME_CODES) : null,
        due_on: null,
        closed_on: closed,
        last_event_on: closed ?? received,
        state_computed_on: closed ?? received,
        created_at: AT,
        updated_at: AT,
      });
    }
    await t.database.db.insertInto('applications').values(rows).execute();
  }

  async function changeSome(n: number) {
    const db = t.database.db;
    const ids = (await db.selectFrom('applications').select(['id', 'received_on']).execute()).map((r) => ({
      id: r.id,
      received: r.received_on,
    }));
    for (let i = 0; i < n && ids.length > 0; i++) {
      const target = pick(ids);
      const q = db.updateTable('applications').where('id', '=', target.id);
      const kind = Math.floor(rnd() * 8);
      if (kind === 0) {
        const closed = later(target.received);
        await q.set({ status: 'closed', closed_on: closed, outcome: pick(OUTCOME_CODES) }).execute();
      } else if (kind === 1) await q.set({ status: 'received', closed_on: null, outcome: null }).execute();
      else if (kind === 2)
        await q.set({ org_id: pick(orgs).id }).execute(); // 转办
      else if (kind === 3) await q.set({ applicant_type: pick(APPLICANT_TYPES) }).execute();
      else if (kind === 4) {
        const received = day();
        target.received = received;
        await q.set({ received_on: received }).execute();
      } else if (kind === 5) await q.set({ outcome: pick(OUTCOME_CODES) }).execute();
      else if (kind === 6) await q.set({ description: '只改了描述', updated_at: AT }).execute();
      else {
        await db.deleteFrom('applications').where('id', '=', target.id).execute();
        ids.splice(ids.indexOf(target), 1);
      }
    }
  }

  async function assertInStep(label: string) {
    const db = t.database.db;
    const expected = await sql<{ key: string; n: number | string }>`
      select org_id || '|' || applicant_type || '|' || coalesce(outcome, '') || '|' ||
        substr(received_on, 1, 4) || '|' || coalesce(substr(closed_on, 1, 4), '0') as key, count(*) as n
      from applications group by 1`.execute(db);
    const actual = await sql<{ key: string; n: number | string }>`
      select org_id || '|' || applicant_type || '|' || outcome || '|' || received_year || '|' || closed_year as key, n
      from application_report_counts where n <> 0`.execute(db);
    const asMap = (rows: { key: string; n: number | string }[]): Record<string, number> => {
      const pairs: [string, number][] = rows.map((r) => [r.key, Number(r.n)]);
      return Object.fromEntries(pairs.sort(([a], [b]) => (a < b ? -1 : 1)));
    };
    assert.deepEqual(asMap(actual.rows), asMap(expected.rows), `${label} (seed ${seed})`);
    const scopes: (number[] | 'all')[] = ['all', [orgs[1]!.id], [orgs[2]!.id, orgs[3]!.id], []];
    for (const year of [2023, 2024, 2025, 2026])
      for (const scope of scopes)
        assert.deepEqual(
          await deriveApplicationRows(db, scope, year),
          await deriveApplicationRowsFromRecords(db, scope, year),
          `${label}: table 三 ${year} ${JSON.stringify(scope)} (seed ${seed})`,
        );
  }

  it('after inserts', async () => {
    await insertSome(400);
    await assertInStep('inserts');
    const n = await t.database.db
      .selectFrom('application_report_counts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(n.n) > 20, 'the summary has rows');
  });

  it('after random changes, transfers and deletions, in several rounds', async () => {
    for (let round = 1; round <= 4; round++) {
      await changeSome(150);
      await insertSome(50);
      await assertInStep(`round ${round}`);
    }
  });

  it('after a transaction that changed rows and was rolled back', async () => {
    await assert.rejects(
      inTransaction(t.database.db, async (trx) => {
        await trx
          .updateTable('applications')
          .set({ org_id: orgs[0]!.id, closed_on: null, outcome: null })
          .execute();
        throw new Error('rolled back on purpose');
      }),
      /rolled back on purpose/,
    );
    await assertInStep('rollback');
    await t.database.db
      .updateTable('applications')
      .set({ org_id: orgs[3]!.id })
      .where('id', '<', 100)
      .execute();
    await assertInStep('bulk update');
  });
});
