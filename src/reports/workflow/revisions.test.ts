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
import { publishCityAggregate } from './publish-city-aggregate.js';
import { withdrawAnnualReport } from './withdraw-annual-report.js';
import {
  findPublicReport,
  findPublishedReport,
  findSubmission,
  listPublishedReports,
  listVersions,
} from './workflow.repository.js';

const AT = '2026-01-01T00:00:00.000Z';
let seq = 0;
async function insertApplication(db: Queryable, orgId: number, received: string, closed: string) {
  seq++;
  await db
    .insertInto('applications')
    .values({
      org_id: orgId,
      reference: `R-2025-${String(seq).padStart(6, '0')}`,
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
      status: 'closed',
      outcome: 'granted',
      due_on: null,
      closed_on: closed,
      last_event_on: closed,
      state_computed_on: closed,
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

const received = (json: string | null | undefined) =>
  (JSON.parse(json!) as AnnualReport).applications.rows.received[6];

describe('corrections: withdraw a published report and republish it as a new version', () => {
  let t: TestDatabase;
  let city: BuiltOrg;
  let a: BuiltOrg;
  let unitA: (now: Date) => Promise<UseCaseContext>;
  let unitB: (now: Date) => Promise<UseCaseContext>;
  let reviewer: (now: Date) => Promise<UseCaseContext>;
  const JAN_20 = new Date('2026-01-20T02:00:00Z');
  const FEB_10 = new Date('2026-02-10T02:00:00Z');
  const FEB_12 = new Date('2026-02-12T02:00:00Z');
  const narrative = (n: number) => ({
    orgCode: 'dept-a',
    year: 2025,
    overview: `2025年，本机关新收政府信息公开申请${n}件。`,
    problems: '无',
    other: '未收取信息处理费。',
  });

  before(async () => {
    t = await createTestDatabase();
    city = await buildOrg(t.database, { code: 'city', name: '示例市人民政府' });
    a = await buildOrg(t.database, { code: 'dept-a', parentCode: 'city', name: '示例市甲局' });
    await buildOrg(t.database, { code: 'dept-b', parentCode: 'city', name: '示例市乙局' });
    const headA = await buildUser(t.database, {
      username: 'head-a',
      grants: [{ orgCode: 'dept-a', role: 'office_head' }],
    });
    const headB = await buildUser(t.database, {
      username: 'head-b',
      grants: [{ orgCode: 'dept-b', role: 'office_head' }],
    });
    const admin = await buildUser(t.database, {
      username: 'city-admin',
      grants: [{ orgCode: 'city', role: 'city_admin' }],
    });
    unitA = (now) => contextAsUser(t.database, headA.id, now);
    unitB = (now) => contextAsUser(t.database, headB.id, now);
    reviewer = (now) => contextAsUser(t.database, admin.id, now);
    await insertApplication(t.database.db, a.id, '2025-03-03', '2025-03-10');
    await insertApplication(t.database.db, a.id, '2025-06-02', '2025-06-09');
    await saveReportNarrative(await unitA(JAN_20), narrative(2));
    await submitAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 });
    await approveAnnualReport(await reviewer(JAN_20), { orgCode: 'dept-a', year: 2025 });
  });
  after(async () => t.cleanup());

  it('refuses to withdraw a report that is not published, or without a reason, changing nothing', async () => {
    const early = await refusal(
      withdrawAnnualReport(await reviewer(JAN_20), { orgCode: 'dept-a', year: 2025, reason: '有误' }),
    );
    assert.equal(early.code, 'INVALID_STATE');
    await publishAnnualReport(await unitA(JAN_20), { orgCode: 'dept-a', year: 2025 });
    const row = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.deepEqual([row.status, row.version, row.published_at], ['published', 1, JAN_20.toISOString()]);
    const versions = await listVersions(t.database.db, row.id);
    assert.deepEqual(
      versions.map((v) => [v.version, v.published_at, received(v.report_json)]),
      [[1, JAN_20.toISOString(), 2]],
    );
    const noReason = await refusal(
      withdrawAnnualReport(await reviewer(FEB_10), { orgCode: 'dept-a', year: 2025, reason: ' ' }),
    );
    assert.deepEqual([noReason.code, noReason.fields], ['VALIDATION', ['reason']]);
    const tooLong = await refusal(
      withdrawAnnualReport(await reviewer(FEB_10), {
        orgCode: 'dept-a',
        year: 2025,
        reason: '长'.repeat(2_001),
      }),
    );
    assert.deepEqual(tooLong.fields, ['reason']);
    const otherUnit = await refusal(
      withdrawAnnualReport(await unitB(FEB_10), { orgCode: 'dept-a', year: 2025, reason: '有误' }),
    );
    assert.equal(otherUnit.code, 'FORBIDDEN');
    assert.equal((await findSubmission(t.database.db, a.id, 2025))!.status, 'published');
  });

  it('withdraws with the reason (audited): the public URL gets the notice, the version keeps the content', async () => {
    await withdrawAnnualReport(await unitA(FEB_10), {
      orgCode: 'dept-a',
      year: 2025,
      reason: '漏统计一件申请',
    });
    const row = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.deepEqual(
      [row.status, row.version, row.withdrawn_at, row.withdrawal_reason],
      ['withdrawn', 1, FEB_10.toISOString(), '漏统计一件申请'],
    );
    assert.equal(await findPublishedReport(t.database.db, a.id, 2025), undefined);
    assert.equal((await findPublicReport(t.database.db, a.id, 2025))!.status, 'withdrawn');
    const [v1] = await listVersions(t.database.db, row.id);
    assert.deepEqual(
      [v1!.withdrawn_at, v1!.withdrawal_reason, received(v1!.report_json)],
      [FEB_10.toISOString(), '漏统计一件申请', 2],
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'after_json'])
      .where('action', '=', 'report.withdraw')
      .executeTakeFirstOrThrow();
    assert.equal(audit.entity_id, 'dept-a/2025');
    assert.deepEqual(JSON.parse(audit.after_json!), {
      status: 'withdrawn',
      version: 1,
      reason: '漏统计一件申请',
    });
    const twice = await refusal(
      withdrawAnnualReport(await reviewer(FEB_10), { orgCode: 'dept-a', year: 2025, reason: '再撤' }),
    );
    assert.equal(twice.code, 'INVALID_STATE');
    const listed = await listPublishedReports(t.database.db, a.id);
    assert.deepEqual(
      listed.map((r) => [r.year, r.status, r.version]),
      [[2025, 'withdrawn', 1]],
    );
  });

  it('republishes the correction as version 2, keeping the first publication date and the original lateness', async () => {
    await insertApplication(t.database.db, a.id, '2025-09-01', '2025-09-05');
    await saveReportNarrative(await unitA(FEB_10), narrative(3));
    const result = await submitAnnualReport(await unitA(FEB_10), { orgCode: 'dept-a', year: 2025 });
    // Submitted on 10 February, after the 31 January deadline, but this is a correction: the first
    // submission (20 January) was on time.
    assert.deepEqual([result.isLate, result.dueOn], [false, '2026-01-31']);
    const submitted = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.deepEqual(
      [submitted.status, submitted.submitted_at, submitted.is_late],
      ['submitted', JAN_20.toISOString(), 0],
    );
    await approveAnnualReport(await reviewer(FEB_12), { orgCode: 'dept-a', year: 2025 });
    await publishAnnualReport(await reviewer(FEB_12), { orgCode: 'dept-a', year: 2025 });
    const row = (await findSubmission(t.database.db, a.id, 2025))!;
    assert.deepEqual(
      [row.status, row.version, row.published_at, row.revised_at, row.withdrawn_at, row.withdrawal_reason],
      ['published', 2, JAN_20.toISOString(), FEB_12.toISOString(), null, null],
    );
    assert.equal(received((await findPublishedReport(t.database.db, a.id, 2025))!.report_json), 3);
    const versions = await listVersions(t.database.db, row.id);
    assert.deepEqual(
      versions.map((v) => [v.version, received(v.report_json), v.withdrawal_reason]),
      [
        [1, 2, '漏统计一件申请'],
        [2, 3, null],
      ],
    );
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'report.%')
      .where('action', 'not like', 'report.narrative%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      actions.map((r) => r.action),
      [
        'report.submit',
        'report.approve',
        'report.publish',
        'report.withdraw',
        'report.submit',
        'report.approve',
        'report.publish',
      ],
    );
  });

  it('withdraws and republishes the city aggregate (city office only) as its next version', async () => {
    // dept-b reports nothing but must be approved for the aggregate.
    await submitAnnualReport(await reviewer(FEB_12), { orgCode: 'dept-b', year: 2025 });
    await approveAnnualReport(await reviewer(FEB_12), { orgCode: 'dept-b', year: 2025 });
    await saveReportNarrative(await reviewer(FEB_12), {
      orgCode: 'city',
      year: 2025,
      scope: 'aggregate',
      overview: '2025年，全市新收政府信息公开申请3件。',
      problems: '',
      other: '',
    });
    await publishCityAggregate(await reviewer(FEB_12), { orgCode: 'city', year: 2025 });
    const unit = await refusal(
      withdrawAnnualReport(await unitA(FEB_12), {
        orgCode: 'city',
        year: 2025,
        scope: 'aggregate',
        reason: '有误',
      }),
    );
    assert.equal(unit.code, 'FORBIDDEN');
    await withdrawAnnualReport(await reviewer(FEB_12), {
      orgCode: 'city',
      year: 2025,
      scope: 'aggregate',
      reason: '文字有误',
    });
    assert.equal((await findSubmission(t.database.db, city.id, 2025, 'aggregate'))!.status, 'withdrawn');
    await saveReportNarrative(await reviewer(FEB_12), {
      orgCode: 'city',
      year: 2025,
      scope: 'aggregate',
      overview: '2025年，全市共新收政府信息公开申请3件，均已办结。',
      problems: '',
      other: '',
    });
    await publishCityAggregate(await reviewer(FEB_12), { orgCode: 'city', year: 2025 });
    const row = (await findSubmission(t.database.db, city.id, 2025, 'aggregate'))!;
    assert.deepEqual([row.status, row.version], ['published', 2]);
    const versions = await listVersions(t.database.db, row.id);
    assert.deepEqual(
      versions.map((v) => [v.version, (JSON.parse(v.report_json) as AnnualReport).narrative.overview]),
      [
        [1, '2025年，全市新收政府信息公开申请3件。'],
        [2, '2025年，全市共新收政府信息公开申请3件，均已办结。'],
      ],
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'report.aggregate.withdraw')
      .executeTakeFirstOrThrow();
    assert.equal(audit.entity_id, 'city/2025/aggregate');
  });
});
