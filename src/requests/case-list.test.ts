import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { buildOrg, type BuiltOrg } from '../../test/support/factories.js';
import { APPLICATION_STATUSES, CHANNELS } from './codes.js';
import {
  CASE_LIST_MAX_BRANCHES,
  countApplicationsByStatus,
  countApplicationsForStaff,
  listApplicationsForStaff,
  type CaseListFilter,
} from './requests.repository.js';

/**
 * The case list's merged walks (per organisation and status, dated then undated) must give exactly
 * the order and pages of one plain sort by (due date, undated last, id), for every filter shape.
 */

interface Row {
  id: number;
  org_id: number;
  status: string;
  channel: string;
  received_on: string;
  due_on: string | null;
  closed_on: string | null;
}

const AT = '2026-01-01T00:00:00.000Z';
const day = (base: string, n: number) =>
  new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the staff case list order and counts', () => {
  let t: TestDatabase;
  const orgs: BuiltOrg[] = [];
  let rows: Row[] = [];

  before(async () => {
    t = await createTestDatabase();
    orgs.push(await buildOrg(t.database, { code: 'city' }));
    for (const code of ['a', 'b', 'c']) orgs.push(await buildOrg(t.database, { code, parentCode: 'city' }));
    orgs.push(await buildOrg(t.database, { code: 'a-1', parentCode: 'a' }));
    // 400 cases, deterministic: many share a due date (ties broken by id), some undated (awaiting a
    // correction), a third closed.
    for (let n = 1; n <= 400; n++) {
      const open = n % 3 !== 0;
      const status = open
        ? (['received', 'extended', 'awaiting_correction', 'consulting'] as const)[n % 4]!
        : n % 7 === 0
          ? 'withdrawn'
          : 'closed';
      const received = day('2025-06-01', (n * 17) % 200);
      await t.database.db
        .insertInto('applications')
        .values({
          org_id: orgs[n % orgs.length]!.id,
          reference: `T-${n}`,
          query_code_hash: 'x',
          channel: CHANNELS[n % CHANNELS.length]!,
          submitted_at: AT,
          received_on: received,
          applicant_type: 'natural_person',
          description: `case ${n}`,
          delivery_form: 'electronic',
          delivery_method: 'email',
          status,
          outcome: open ? null : 'granted',
          due_on: status === 'awaiting_correction' ? null : day(received, 20 + (n % 5)),
          is_overdue: 0,
          closed_on: open ? null : day(received, 10),
          last_event_on: received,
          state_computed_on: '2026-01-01',
          event_count: 1,
          created_at: AT,
          updated_at: AT,
        })
        .execute();
    }
    rows = await t.database.db
      .selectFrom('applications')
      .select(['id', 'org_id', 'status', 'channel', 'received_on', 'due_on', 'closed_on'])
      .execute();
  });
  after(() => t.cleanup());

  const matches = (r: Row, f: CaseListFilter) =>
    (f.orgIds === 'all' || f.orgIds.includes(r.org_id)) &&
    (!f.statuses?.length || f.statuses.includes(r.status)) &&
    (!f.channels?.length || f.channels.includes(r.channel)) &&
    (!(f.openOnly || f.dueOnOrBefore || f.dueBefore || f.dueOnOrAfter) || r.closed_on === null) &&
    (!f.receivedFrom || r.received_on >= f.receivedFrom) &&
    (!f.receivedTo || r.received_on <= f.receivedTo) &&
    (!f.dueOnOrBefore || (r.due_on !== null && r.due_on <= f.dueOnOrBefore)) &&
    (!f.dueBefore || (r.due_on !== null && r.due_on < f.dueBefore)) &&
    (!f.dueOnOrAfter || (r.due_on !== null && r.due_on >= f.dueOnOrAfter));
  const expected = (f: CaseListFilter) =>
    rows
      .filter((r) => matches(r, f))
      .sort((x, y) =>
        x.due_on === y.due_on
          ? x.id - y.id
          : x.due_on === null
            ? 1
            : y.due_on === null
              ? -1
              : x.due_on < y.due_on
                ? -1
                : 1,
      )
      .map((r) => r.id);

  const filters = (): [string, CaseListFilter][] => {
    const ids = orgs.map((o) => o.id);
    const subtreeA = [orgs[1]!.id, orgs[4]!.id];
    return [
      ['everything', { orgIds: 'all' }],
      ['every organisation by id (the root subtree)', { orgIds: ids }],
      ['a subtree', { orgIds: subtreeA }],
      ['one organisation', { orgIds: [orgs[2]!.id] }],
      ['two statuses in a subtree', { orgIds: subtreeA, statuses: ['received', 'awaiting_correction'] }],
      ['closed everywhere', { orgIds: 'all', statuses: ['closed', 'withdrawn'] }],
      ['open only, two channels', { orgIds: ids, channels: ['online', 'email'], openOnly: true }],
      ['received between', { orgIds: subtreeA, receivedFrom: '2025-07-01', receivedTo: '2025-09-30' }],
      [
        'received between, closed',
        { orgIds: 'all', statuses: ['closed'], receivedFrom: '2025-08-01', receivedTo: '2025-08-31' },
      ],
      ['overdue', { orgIds: ids, dueBefore: '2025-10-01' }],
      ['due soon', { orgIds: subtreeA, dueOnOrAfter: '2025-08-01', dueOnOrBefore: '2025-08-20' }],
    ];
  };

  it('pages every filter shape exactly as one plain sort would, across the undated boundary', async () => {
    for (const [label, filter] of filters()) {
      const want = expected(filter);
      assert.ok(want.length > 0, `${label}: the fixture has matches`);
      for (const pageSize of [7, 50]) {
        const got: number[] = [];
        for (let page = 1; page <= Math.ceil(want.length / pageSize) + 1; page++) {
          const result = await listApplicationsForStaff(t.database.db, filter, { page, pageSize });
          got.push(...result.rows.map((r) => r.id));
          assert.equal(result.hasMore, page * pageSize < want.length, `${label}: hasMore on page ${page}`);
        }
        assert.deepEqual(got, want, `${label}, pages of ${pageSize}`);
      }
    }
  });

  it('falls back to one query when there are too many branches, with the same answer', async () => {
    const many = Array.from({ length: CASE_LIST_MAX_BRANCHES + 1 }, (_, i) => 100_000 + i);
    const filter: CaseListFilter = { orgIds: [...orgs.slice(1).map((o) => o.id), ...many] };
    const result = await listApplicationsForStaff(t.database.db, filter, { page: 1, pageSize: 50 });
    assert.deepEqual(
      result.rows.map((r) => r.id),
      expected(filter).slice(0, 50),
    );
  });

  it('counts each status in one statement, capped like the total', async () => {
    for (const [label, filter] of filters()) {
      const byStatus = await countApplicationsByStatus(t.database.db, filter, APPLICATION_STATUSES);
      for (const s of APPLICATION_STATUSES) {
        const n = expected({ ...filter, statuses: [s] }).length;
        assert.deepEqual(byStatus[s], { count: n, isCapped: false }, `${label}: ${s}`);
      }
      const capped = await countApplicationsByStatus(t.database.db, filter, ['closed', 'received'], 5);
      for (const s of ['closed', 'received']) {
        const n = expected({ ...filter, statuses: [s] }).length;
        assert.deepEqual(capped[s], { count: Math.min(n, 5), isCapped: n > 5 }, `${label}: ${s} capped`);
      }
      const total = await countApplicationsForStaff(t.database.db, filter);
      assert.deepEqual(total, { count: expected(filter).length, isCapped: false }, label);
    }
  });
});
