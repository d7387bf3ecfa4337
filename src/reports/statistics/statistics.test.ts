import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, type BuiltOrg } from '../../../test/support/factories.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { computeApplicationStatistics, computeOldStyleStatistics } from './compute-statistics.js';
import { buildSeed2015Fixture, SEED_2015 } from './seed-2015.fixture.js';
import { formatPercent } from './statistics.rules.js';

const AT = '2026-01-01T00:00:00.000Z';
let seq = 0;

async function insertApplication(
  db: Queryable,
  spec: {
    orgId: number;
    received: string;
    closed?: string;
    due?: string;
    outcome?: string;
    channel?: string;
    type?: string;
  },
): Promise<void> {
  seq++;
  await db
    .insertInto('applications')
    .values({
      org_id: spec.orgId,
      reference: `S-2025-${String(seq).padStart(6, '0')}`,
      query_code_hash: 'x',
      client_token_hash: null,
      channel: spec.channel ?? 'online',
      submitted_at: `${spec.received}T02:00:00.000Z`,
      received_on: spec.received,
      applicant_type: spec.type ?? 'natural_person',
      description: '申请',
      doc_number: null,
      doc_title: null,
      purpose: null,
      delivery_form: 'electronic',
      delivery_method: 'email',
      handler_user_id: null,
      registered_by: null,
      status: spec.closed ? 'closed' : 'received',
      outcome: spec.outcome ?? (spec.closed ? 'granted' : null),
      due_on: spec.due ?? null,
      closed_on: spec.closed ?? null,
      last_event_on: spec.closed ?? spec.received,
      state_computed_on: spec.closed ?? spec.received,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
}

/**
 * Hand-worked timing (March 2025 has no holidays): twelve answers received Monday 2025-03-03, answered
 * after 0, 1, 1, 2, 3, 5, 5, 5, 10, 15, 20 and 21 working days, all due 2025-03-31 (20 working days).
 * Median = (5 + 5) / 2 = 5; 90th percentile = rank ceil(0.9 × 12) = 11 → 20; on time 11 of 12 = 91.7%.
 * One withdrawal (other.other) counts as an outcome but not as an answer; one application of another
 * organisation stays out of the scoped figures.
 */
const CLOSED_AFTER: Record<number, string> = {
  0: '2025-03-03',
  1: '2025-03-04',
  2: '2025-03-05',
  3: '2025-03-06',
  5: '2025-03-10',
  10: '2025-03-17',
  15: '2025-03-24',
  20: '2025-03-31',
  21: '2025-04-01',
};

describe('statistics (grouped queries over a hand-worked set, and the 2015 seed figures)', () => {
  let t: TestDatabase;
  let unit: BuiltOrg;
  let other: BuiltOrg;
  let seedOrg: BuiltOrg;

  before(async () => {
    t = await createTestDatabase();
    const db = t.database.db;
    await buildOrg(t.database, { code: 'city' });
    unit = await buildOrg(t.database, { code: 'unit', parentCode: 'city' });
    other = await buildOrg(t.database, { code: 'other', parentCode: 'city' });
    seedOrg = await buildOrg(t.database, { code: 'dongguan', name: '东莞市人民政府' });
    const channels = ['in_person', 'registered_mail', 'ordinary_mail', 'online', 'email', 'fax'];
    let i = 0;
    for (const days of [0, 1, 1, 2, 3, 5, 5, 5, 10, 15, 20, 21]) {
      await insertApplication(db, {
        orgId: unit.id,
        received: '2025-03-03',
        closed: CLOSED_AFTER[days]!,
        due: '2025-03-31',
        channel: channels[i % channels.length]!,
        type: i === 0 ? 'commercial_enterprise' : 'natural_person',
      });
      i++;
    }
    await insertApplication(db, {
      orgId: unit.id,
      received: '2025-05-06',
      closed: '2025-05-07',
      outcome: 'other.other',
    });
    await insertApplication(db, { orgId: unit.id, received: '2025-12-30' });
    await insertApplication(db, {
      orgId: other.id,
      received: '2025-03-03',
      closed: '2025-03-04',
      due: '2025-03-31',
    });
    await buildSeed2015Fixture(db, seedOrg.id);
  });
  after(async () => t.cleanup());

  it('computes median, 90th percentile and on-time rate in working days', async () => {
    const s = await computeApplicationStatistics(t.database.db, {
      orgIds: [unit.id],
      from: '2025-01-01',
      to: '2025-12-31',
    });
    assert.equal(s.timing.answered, 12);
    assert.equal(s.timing.medianWorkingDays, 5);
    assert.equal(s.timing.p90WorkingDays, 20);
    assert.equal(s.timing.withDueDate, 12);
    assert.equal(s.timing.onTime, 11);
    assert.equal(s.timing.onTimeRate, 91.7);
    assert.equal(s.timing.isBelowMinimum, false);
  });

  it('counts by organisation, month, channel, applicant type and outcome', async () => {
    const s = await computeApplicationStatistics(t.database.db, {
      orgIds: [unit.id],
      from: '2025-01-01',
      to: '2025-12-31',
    });
    assert.equal(s.received, 14);
    assert.equal(s.closed, 13);
    assert.deepEqual(
      s.byOrg.map((o) => [o.orgCode, o.count]),
      [['unit', 14]],
    );
    assert.deepEqual(s.byMonth, [
      { month: '2025-03', count: 12 },
      { month: '2025-05', count: 1 },
      { month: '2025-12', count: 1 },
    ]);
    assert.equal(s.byChannel.find((c) => c.code === 'in_person')!.count, 2);
    assert.equal(s.byChannel.find((c) => c.code === 'online')!.count, 4);
    assert.equal(s.byApplicantType.find((c) => c.code === 'commercial_enterprise')!.count, 1);
    assert.equal(s.byOutcome.find((c) => c.code === 'granted')!.count, 12);
    assert.equal(s.byOutcome.find((c) => c.code === 'other.other')!.count, 1);
    const all = await computeApplicationStatistics(t.database.db, {
      orgIds: 'all',
      from: '2025-01-01',
      to: '2025-12-31',
    });
    assert.deepEqual(
      all.byOrg.map((o) => [o.orgCode, o.count]),
      [
        ['unit', 14],
        ['other', 1],
      ],
    );
  });

  it('withholds the distribution below the minimum count', async () => {
    const s = await computeApplicationStatistics(t.database.db, {
      orgIds: [other.id],
      from: '2025-01-01',
      to: '2025-12-31',
    });
    assert.equal(s.timing.answered, 1);
    assert.equal(s.timing.medianWorkingDays, null);
    assert.equal(s.timing.onTimeRate, null);
    assert.equal(s.timing.isBelowMinimum, true);
  });

  it('reproduces the seed report’s 2015 statistics: items by category, applications by channel, refusals by reason', async () => {
    const s = await computeOldStyleStatistics(t.database.db, {
      orgIds: [seedOrg.id],
      from: '2015-01-01',
      to: '2015-12-31',
    });
    assert.equal(s.items.total, 1831);
    assert.deepEqual(
      s.items.rows.map((r) => [r.code, r.count, formatPercent(r.share)]),
      [
        ['cat-regulations', 96, '5.2%'],
        ['cat-business', 33, '1.8%'],
        ['cat-meetings', 1675, '91.5%'],
        ['cat-statistics', 8, '0.4%'],
        ['cat-other', 19, '1.0%'],
      ],
    );
    assert.equal(s.channels.total, 1207);
    assert.deepEqual(
      s.channels.rows.map((r) => [r.group, r.count, formatPercent(r.share)]),
      [
        ['in_person', 677, '56.1%'],
        ['letter', 310, '25.7%'],
        ['online', 220, '18.2%'],
      ],
    );
    assert.equal(s.refusals.total, 32);
    const byGround = Object.fromEntries(s.refusals.rows.map((r) => [r.code, r.count]));
    assert.deepEqual(byGround, {
      state_secret: 3,
      prohibited_by_law: 3,
      trade_secret: 3,
      personal_privacy: 3,
      not_government_info: 20,
    });
    assert.equal(
      formatPercent(s.refusals.rows.find((r) => r.code === 'not_government_info')!.share),
      '62.5%',
    );
    assert.equal(
      Object.values(SEED_2015.channels).reduce((a, b) => a + b, 0),
      1207,
    );
  });
});
