import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, type BuiltOrg } from '../../../test/support/factories.js';
import type { UseCaseContext } from '../../platform/use-case.js';
import { isAppError } from '../../platform/errors.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { saveReportNarrative } from '../save-report-narrative.js';
import type { AnnualReport } from '../annual-report.js';
import { submitAnnualReport } from './submit-annual-report.js';
import { approveAnnualReport } from './approve-annual-report.js';
import { publishAnnualReport } from './publish-annual-report.js';
import { returnAnnualReport } from './return-annual-report.js';
import { buildCityAggregate, listReportingStatus } from './build-city-aggregate.js';
import { setReportDeadlines } from './set-report-deadlines.js';
import { publishCityAggregate } from './publish-city-aggregate.js';
import { findPublishedReport, findSubmission, listPublishedReports } from './workflow.repository.js';
import { isLate, statutoryDeadlines, canTake, sumReports } from './workflow.rules.js';

const AT = '2026-01-01T00:00:00.000Z';
let seq = 0;
async function insertApplication(
  db: Queryable,
  orgId: number,
  received: string,
  closed?: string,
): Promise<void> {
  seq++;
  await db
    .insertInto('applications')
    .values({
      org_id: orgId,
      reference: `W-2025-${String(seq).padStart(6, '0')}`,
      query_code_hash: 'x',
      client_token_hash: null,
      channel: 'online',
      submitted_at: `${received}T02:00:00.000Z`,
      received_on: received,
      applicant_type: 'natural_person',
      description: '申请',
      doc_number: null,
      doc_title: null,
      purpose: null,
      delivery_form: 'electronic',
      delivery_method: 'email',
      handler_user_id: null,
      registered_by: null,
      status: closed ? 'closed' : 'received',
      outcome: closed ? 'granted' : null,
      due_on: null,
      closed_on: closed ?? null,
      last_event_on: closed ?? received,
      state_computed_on: closed ?? received,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await promise;
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { code: err.code, fields: (err.details.fields ?? []).map((f) => f.field) };
  }
  assert.fail('expected a refusal');
}

describe('workflow rules', () => {
  it('sets the statutory deadlines and flags lateness', () => {
    assert.deepEqual(statutoryDeadlines(2025), { units: '2026-01-31', governments: '2026-03-31' });
    assert.equal(isLate({ dueOn: '2026-01-31', submittedOn: '2026-01-31', today: '2026-02-10' }), false);
    assert.equal(isLate({ dueOn: '2026-01-31', submittedOn: '2026-02-01', today: '2026-02-01' }), true);
    assert.equal(isLate({ dueOn: '2026-01-31', submittedOn: null, today: '2026-01-31' }), false);
    assert.equal(isLate({ dueOn: '2026-01-31', submittedOn: null, today: '2026-02-01' }), true);
    assert.equal(canTake('submit', null), true);
    assert.equal(canTake('submit', 'submitted'), false);
    assert.equal(canTake('publish', 'submitted'), false);
    assert.equal(canTake('publish', 'approved'), true);
  });
});

describe('online reporting: submit, return, approve, publish, aggregate, deadlines', () => {
  let t: TestDatabase;
  let city: BuiltOrg;
  let a: BuiltOrg;
  let unitA: (now: Date) => Promise<UseCaseContext>;
  let reviewer: (now: Date) => Promise<UseCaseContext>;
  const JAN_20 = new Date('2026-01-20T02:00:00Z');
  const FEB_05 = new Date('2026-02-05T02:00:00Z');

  before(async () => {
    t = await createTestDatabase();
    city = await buildOrg(t.database, { code: 'city', name: '示例市人民政府' });
    a = await buildOrg(t.database, { code: 'dept-a', parentCode: 'city', name: '示例市甲局' });
    await buildOrg(t.database, { code: 'dept-b', parentCode: 'city', name: '示例市乙局' });
    await buildOrg(t.database, { code: 'town-c', parentCode: 'city', kind: 'town', name: '示例镇' });
    const head = await buildUser(t.database, {
      username: 'head-a',
      grants: [{ orgCode: 'dept-a', role: 'office_head' }],
    });
    const admin = await buildUser(t.database, {
      username: 'city-admin',
      grants: [{ orgCode: 'city', role: 'city_admin' }],
    });
    unitA = (now) => contextAsUser(t.database, head.id, now);
    reviewer = (now) => contextAsUser(t.database, admin.id, now);
    await insertApplication(t.database.db, a.id, '2025-03-03', '2025-03-10');
    await insertApplication(t.database.db, a.id, '2025-06-02', '2025-06-09');
  });
  after(async () => t.cleanup());

  it('refuses a submission while a check fails, naming the check', async () => {
    await saveReportNarrative(await unitA(JAN_20), {
      orgCode: 'dept-a',
      year: 2025,
      overview: '2025年，本机关新收政府信息公开申请99件。',
      problems: '',
      other: '',
    });
    const refused = await refusal(submitAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 }));
    assert.equal(refused.code, 'VALIDATION');
    assert.deepEqual(refused.fields, ['checks.narrative-consistency']);
    assert.equal(await findSubmission(t.database.db, a.id, 2025), undefined);
  });

  it('submits once the narrative agrees with the tables, freezing the report, on time', async () => {
    await saveReportNarrative(await unitA(JAN_20), {
      orgCode: 'dept-a',
      year: 2025,
      overview: '2025年，本机关新收政府信息公开申请2件。',
      problems: '无',
      other: '未收取信息处理费。',
    });
    const result = await submitAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 });
    assert.deepEqual([result.dueOn, result.isLate], ['2026-01-31', false]);
    const row = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.equal(row.status, 'submitted');
    const frozen = JSON.parse(row.report_json!) as AnnualReport;
    assert.equal(frozen.applications.rows.received[6], 2);
    assert.ok(frozen.checks.every((c) => c.ok));
    const again = await refusal(submitAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 }));
    assert.equal(again.code, 'INVALID_STATE');
  });

  it('lets only the city office review; returns with comments, and the unit resubmits', async () => {
    const forbidden = await refusal(
      approveAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 }),
    );
    assert.equal(forbidden.code, 'FORBIDDEN');
    const noComment = await refusal(
      returnAnnualReport(await reviewer(JAN_20), { orgCode: 'dept-a', year: 2025, comments: ' ' }),
    );
    assert.deepEqual(noComment.fields, ['comments']);
    await returnAnnualReport(await reviewer(JAN_20), {
      orgCode: 'dept-a',
      year: 2025,
      comments: '请补充存在问题部分',
    });
    let row = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.deepEqual([row.status, row.review_comments], ['returned', '请补充存在问题部分']);
    await submitAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 });
    await approveAnnualReport(await reviewer(JAN_20), { orgCode: 'dept-a', year: 2025 });
    row = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.equal(row.status, 'approved');
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'report.%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audits.map((r) => r.action).filter((x) => !x.startsWith('report.narrative')),
      ['report.submit', 'report.return', 'report.submit', 'report.approve'],
    );
  });

  it('builds the aggregate from the approved units and lists the missing and late ones', async () => {
    const onTime = await buildCityAggregate(await reviewer(JAN_20), { orgCode: 'city', year: 2025 });
    assert.deepEqual(
      onTime.included.map((u) => u.orgCode),
      ['dept-a'],
    );
    assert.deepEqual(onTime.missing.map((u) => u.orgCode).sort(), ['dept-b', 'town-c']);
    assert.deepEqual(onTime.late, []);
    assert.equal(onTime.report.scope, 'aggregate');
    assert.equal(onTime.report.applications.rows.received[6], 2);
    const later = await buildCityAggregate(await reviewer(FEB_05), { orgCode: 'city', year: 2025 });
    assert.deepEqual(later.late.map((u) => u.orgCode).sort(), ['dept-b', 'town-c']);
    const sum = sumReports({ code: 'x', name: 'x' }, 2025, [onTime.report, onTime.report]);
    assert.equal(sum.applications.rows.received[6], 4);
  });

  it('uses the deadlines configured for the year', async () => {
    const refused = await refusal(
      setReportDeadlines(await unitA(JAN_20), { year: 2025, units: '2026-01-15', governments: '2026-03-15' }),
    );
    assert.equal(refused.code, 'FORBIDDEN');
    await setReportDeadlines(await reviewer(JAN_20), {
      year: 2025,
      units: '2026-01-15',
      governments: '2026-03-15',
    });
    const status = await listReportingStatus(await reviewer(JAN_20), { orgCode: 'city', year: 2025 });
    const b = status.units.find((u) => u.orgCode === 'dept-b')!;
    assert.deepEqual([b.dueOn, b.isLate], ['2026-01-15', true]);
    // dept-a submitted on 20 January against the 31 January deadline then in force: not late.
    assert.equal(status.units.find((u) => u.orgCode === 'dept-a')!.isLate, false);
  });

  it('publishes the approved report, which never changes when the records change', async () => {
    await publishAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 });
    const listed = await listPublishedReports(t.database.db, a.id);
    assert.deepEqual(
      listed.map((r) => r.year),
      [2025],
    );
    await insertApplication(t.database.db, a.id, '2025-09-01', '2025-09-05');
    const published = (await findPublishedReport(t.database.db, a.id, 2025))!;
    assert.equal((JSON.parse(published.report_json!) as AnnualReport).applications.rows.received[6], 2);
    const again = await refusal(
      publishAnnualReport(await reviewer(JAN_20), { orgCode: 'dept-a', year: 2025 }),
    );
    assert.equal(again.code, 'INVALID_STATE');
    assert.equal(city.code, 'city');
  });

  it('publishes the city aggregate only once every unit is approved, frozen with the aggregate narrative', async () => {
    const refused = await refusal(
      publishCityAggregate(await reviewer(FEB_05), { orgCode: 'city', year: 2025 }),
    );
    assert.equal(refused.code, 'VALIDATION');
    assert.deepEqual(refused.fields.sort(), ['units.dept-b', 'units.town-c']);
    for (const code of ['dept-b', 'town-c']) {
      await submitAnnualReport(await reviewer(FEB_05), { orgCode: code, year: 2025 });
      await approveAnnualReport(await reviewer(FEB_05), { orgCode: code, year: 2025 });
    }
    const late = (await findSubmission(
      t.database.db,
      (
        await t.database.db
          .selectFrom('orgs')
          .select('id')
          .where('code', '=', 'dept-b')
          .executeTakeFirstOrThrow()
      ).id,
      2025,
    ))!;
    assert.equal(late.is_late, 1);
    await saveReportNarrative(await reviewer(FEB_05), {
      orgCode: 'city',
      year: 2025,
      scope: 'aggregate',
      overview: '2025年，全市新收政府信息公开申请2件。',
      problems: '',
      other: '',
    });
    await publishCityAggregate(await reviewer(FEB_05), { orgCode: 'city', year: 2025 });
    const published = (await findPublishedReport(t.database.db, city.id, 2025, 'aggregate'))!;
    const report = JSON.parse(published.report_json!) as AnnualReport;
    assert.equal(report.scope, 'aggregate');
    // dept-a's third application was recorded after its report was frozen: the aggregate sums the frozen reports.
    assert.equal(report.applications.rows.received[6], 2);
    assert.match(report.narrative.overview, /全市/);
    assert.deepEqual(
      (await listPublishedReports(t.database.db, city.id)).map((r) => [r.year, r.scope]),
      [[2025, 'aggregate']],
    );
    const again = await refusal(
      publishCityAggregate(await reviewer(FEB_05), { orgCode: 'city', year: 2025 }),
    );
    assert.equal(again.code, 'INVALID_STATE');
  });
});
