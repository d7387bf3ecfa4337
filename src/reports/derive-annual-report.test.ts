import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import {
  buildOrg,
  buildUser,
  contextAsUser,
  contextFor,
  type BuiltOrg,
} from '../../test/support/factories.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import { isAppError } from '../platform/errors.js';
import { countValidityForYear } from '../catalog/catalog.repository.js';
import { annualReportSchema, APPLICATION_ROWS, addCounts, type AnnualReport } from './annual-report.js';
import { allChecksHold } from './report-validator.rules.js';
import { deriveAnnualReport, deriveReportStatistics, resolveReportScope } from './derive-annual-report.js';
import { setReportFigures } from './set-report-figures.js';
import { saveReportNarrative } from './save-report-narrative.js';
import { draftNarrative } from './narrative-draft.rules.js';
import { insertApp, insertAppealRow, insertItemRow } from './derive-annual-report.test-rows.js';

/**
 * Hand-worked cases (issue 5 acceptance): a city with two departments, 2024 and 2025.
 *
 * org a: #1 natural, received 2024-11-20, granted 2025-01-10     → 2024 carried out; 2025 carried in + granted
 *        #2 commercial, received 2024-12-31, still open          → 2024 received + carried out; 2025 carried in + out
 *        #3 natural, received 2024-03-01, partial 2024-04-01     → 2024 only
 *        #4 research, received 2025-02-01, state secret 02-20    → 2025 received + withheld.state_secret
 *        #9 natural, received 2025-04-01, duplicate 04-02        → 2025 received + declined.duplicate
 * org b: #5 public-interest, received at a 2025-03-01, 转办 to b 03-05, not held 03-20 → counted at b only
 *        #6 legal service, received 2025-12-31, open             → received + carried out
 *        #7 other org, received 2025-06-01, withdrawn 06-05       → other.other
 * city:  #8 natural, received 2025-12-15, granted 2026-01-05     → 2025 received + carried out
 * Appeals: #1 reconsideration 2025-02-01 upheld 05-01 (a); #3 litigation direct 2025-11-01 corrected 2026-01-10
 * → pending at 31 Dec (a); #3 reconsideration 2024-06-01 other 07-01 (a, 2024); #5 after-reconsideration
 * 2025-04-01 corrected 08-01 (b).
 */

const NOW = new Date('2026-03-01T00:00:00.000Z');

describe('deriveAnnualReport (hand-worked, two years, transfer, appeals)', () => {
  let t: TestDatabase;
  let city: BuiltOrg;
  let a: BuiltOrg;
  let b: BuiltOrg;
  const derive = (orgCode: string, year: number, scope: 'self' | 'aggregate' = 'self', previous = false) =>
    deriveAnnualReport(t.database.db, { orgCode, year, scope, now: NOW, compareWithPreviousYear: previous });

  before(async () => {
    t = await createTestDatabase();
    const db = t.database.db;
    city = await buildOrg(t.database, { code: 'city', name: '示例市人民政府' });
    a = await buildOrg(t.database, { code: 'dept-a', parentCode: 'city', name: '示例市甲局' });
    b = await buildOrg(t.database, { code: 'dept-b', parentCode: 'city', name: '示例市乙局' });
    await buildOrg(t.database, { code: 'elsewhere', name: '另一市' });

    const app1 = await insertApp(db, {
      orgId: a.id,
      type: 'natural_person',
      received: '2024-11-20',
      closed: '2025-01-10',
      outcome: 'granted',
      channel: 'in_person',
    });
    const app2 = await insertApp(db, {
      orgId: a.id,
      type: 'commercial_enterprise',
      received: '2024-12-31',
      channel: 'registered_mail',
    });
    const app3 = await insertApp(db, {
      orgId: a.id,
      type: 'natural_person',
      received: '2024-03-01',
      closed: '2024-04-01',
      outcome: 'partial',
    });
    await insertApp(db, {
      orgId: a.id,
      type: 'research_institution',
      received: '2025-02-01',
      closed: '2025-02-20',
      outcome: 'withheld.state_secret',
      channel: 'in_person',
    });
    await insertApp(db, {
      orgId: a.id,
      type: 'natural_person',
      received: '2025-04-01',
      closed: '2025-04-02',
      outcome: 'declined.duplicate',
      channel: 'email',
    });
    // 转办 as transfer-application.ts records it: org_id rewritten to the receiving organisation, a `transferred` event.
    const app5 = await insertApp(db, {
      orgId: a.id,
      type: 'public_interest_org',
      received: '2025-03-01',
      channel: 'online',
    });
    await db
      .updateTable('applications')
      .set({ org_id: b.id, status: 'closed', outcome: 'unavailable.not_held', closed_on: '2025-03-20' })
      .where('id', '=', app5)
      .execute();
    await db
      .insertInto('application_events')
      .values({
        application_id: app5,
        seq: 1,
        type: 'transferred',
        on_date: '2025-03-05',
        payload_json: JSON.stringify({ to: 'dept-b', from: 'dept-a' }),
        actor_user_id: null,
        actor_label: 'test',
        created_at: '2025-03-05T01:00:00.000Z',
      })
      .execute();
    await insertApp(db, {
      orgId: b.id,
      type: 'legal_service_org',
      received: '2025-12-31',
      channel: 'ordinary_mail',
    });
    await insertApp(db, {
      orgId: b.id,
      type: 'other_org',
      received: '2025-06-01',
      closed: '2025-06-05',
      outcome: 'other.other',
      status: 'withdrawn',
      channel: 'fax',
    });
    await insertApp(db, {
      orgId: city.id,
      type: 'natural_person',
      received: '2025-12-15',
      closed: '2026-01-05',
      outcome: 'granted',
      channel: 'online',
    });

    await insertAppealRow(db, {
      applicationId: app1,
      kind: 'reconsideration',
      filed: '2025-02-01',
      result: 'upheld',
      decided: '2025-05-01',
    });
    await insertAppealRow(db, {
      applicationId: app3,
      kind: 'litigation_direct',
      filed: '2025-11-01',
      result: 'corrected',
      decided: '2026-01-10',
    });
    await insertAppealRow(db, {
      applicationId: app3,
      kind: 'reconsideration',
      filed: '2024-06-01',
      result: 'other',
      decided: '2024-07-01',
    });
    await insertAppealRow(db, {
      applicationId: app5,
      kind: 'litigation_after_reconsideration',
      filed: '2025-04-01',
      result: 'corrected',
      decided: '2025-08-01',
    });
    void app2;

    // Catalog, org a: a regulation issued 2025; a normative document abolished in 2025; one issued (by
    // publication date) in 2025; one in force since 2019 abolished in 2026; one issued 2026; a draft.
    await insertItemRow(
      db,
      { orgId: a.id, docType: 'regulation', issued: '2025-03-01', published: '2025-03-02' },
      'cat-regulations',
    );
    await insertItemRow(db, {
      orgId: a.id,
      docType: 'normative',
      issued: '2020-01-01',
      published: '2020-01-02',
      abolished: '2025-06-30',
    });
    await insertItemRow(
      db,
      { orgId: a.id, docType: 'normative', published: '2025-05-05' },
      'cat-regulations',
    );
    await insertItemRow(db, {
      orgId: a.id,
      docType: 'normative',
      issued: '2019-05-01',
      published: '2019-05-01',
      abolished: '2026-02-01',
    });
    await insertItemRow(db, {
      orgId: a.id,
      docType: 'normative',
      issued: '2026-01-05',
      published: '2026-01-06',
    });
    await insertItemRow(db, { orgId: a.id, docType: 'normative', issued: '2025-01-05', status: 'draft' });
    await insertItemRow(db, { orgId: b.id, docType: 'other', published: '2025-07-01' }, 'cat-business');
    await insertItemRow(db, {
      orgId: b.id,
      docType: 'regulation',
      issued: '2018-01-01',
      published: '2018-01-01',
    });
  });
  after(() => t.cleanup());

  const row = (r: AnnualReport, name: (typeof APPLICATION_ROWS)[number]) => r.applications.rows[name];

  it('org a, 2025: carry-in from 2024, outcomes closed in 2025, the open one carried out; the transferred application is not a’s', async () => {
    const r = await derive('dept-a', 2025);
    assert.deepEqual(row(r, 'received'), [1, 0, 1, 0, 0, 0, 2]);
    assert.deepEqual(row(r, 'carried_in'), [1, 1, 0, 0, 0, 0, 2]);
    assert.deepEqual(row(r, 'granted'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(r, 'withheld.state_secret'), [0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual(row(r, 'declined.duplicate'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(r, 'unavailable.not_held'), [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(row(r, 'total'), [2, 0, 1, 0, 0, 0, 3]);
    assert.deepEqual(row(r, 'carried_out'), [0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(r.appeals.reconsideration, { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    // Decided 2026-01-10: still pending as of 31 December 2025.
    assert.deepEqual(r.appeals.litigationDirect, { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
    assert.deepEqual(r.appeals.litigationAfterReconsideration, {
      upheld: 0,
      corrected: 0,
      other: 0,
      pending: 0,
      total: 0,
    });
    assert.deepEqual(r.proactive.regulations, { issued: 1, abolished: 0, valid: 1 });
    assert.deepEqual(r.proactive.normativeDocuments, { issued: 1, abolished: 1, valid: 2 });
    assert.equal(r.org.code, 'dept-a');
    assert.equal(r.org.name, '示例市甲局');
    assert.equal(annualReportSchema.safeParse(r).success, true);
    assert.ok(allChecksHold(r.checks), JSON.stringify(r.checks));
  });

  it('org a, 2024: the partial answer, the two applications carried out into 2025, the 2024 appeal', async () => {
    const r = await derive('dept-a', 2024);
    assert.deepEqual(row(r, 'received'), [2, 1, 0, 0, 0, 0, 3]);
    assert.deepEqual(row(r, 'carried_in'), [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(row(r, 'partial'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(r, 'total'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(r, 'carried_out'), [1, 1, 0, 0, 0, 0, 2]);
    assert.deepEqual(r.appeals.reconsideration, { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 });
    assert.ok(allChecksHold(r.checks));
  });

  it('adds the carry-over check against the previous year when asked, and it holds', async () => {
    const r = await derive('dept-a', 2025, 'self', true);
    const carry = r.checks.find((c) => c.rule === 'carry-over');
    assert.ok(carry?.ok, JSON.stringify(carry));
    assert.deepEqual(
      r.checks.map((c) => c.rule),
      [
        'non-negative',
        'row-sum',
        'total-sum',
        'column-balance',
        'appeals-total',
        'proactive-counts',
        'carry-over',
        'narrative-consistency',
      ],
    );
  });

  it('org b, 2025: the transferred application counted at b (the answering organisation), the withdrawal under other.other', async () => {
    const r = await derive('dept-b', 2025);
    assert.deepEqual(row(r, 'received'), [0, 0, 0, 1, 1, 1, 3]);
    assert.deepEqual(row(r, 'unavailable.not_held'), [0, 0, 0, 1, 0, 0, 1]);
    assert.deepEqual(row(r, 'other.other'), [0, 0, 0, 0, 0, 1, 1]);
    assert.deepEqual(row(r, 'total'), [0, 0, 0, 1, 0, 1, 2]);
    assert.deepEqual(row(r, 'carried_out'), [0, 0, 0, 0, 1, 0, 1]);
    assert.deepEqual(r.appeals.litigationAfterReconsideration, {
      upheld: 0,
      corrected: 1,
      other: 0,
      pending: 0,
      total: 1,
    });
    assert.deepEqual(r.proactive.regulations, { issued: 0, abolished: 0, valid: 1 });
    assert.ok(allChecksHold(r.checks));
  });

  it('aggregate = the sum of the selves in the subtree; the transfer is counted once; another tree is not included', async () => {
    const [agg, selfCity, selfA, selfB] = await Promise.all([
      derive('city', 2025, 'aggregate'),
      derive('city', 2025),
      derive('dept-a', 2025),
      derive('dept-b', 2025),
    ]);
    assert.equal(agg.scope, 'aggregate');
    for (const name of APPLICATION_ROWS)
      assert.deepEqual(
        row(agg, name),
        addCounts(row(selfCity, name), row(selfA, name), row(selfB, name)),
        name,
      );
    assert.equal(row(agg, 'received')[6], 6);
    assert.equal(row(agg, 'received')[3], 1, 'the transferred application once');
    for (const kind of ['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'] as const)
      for (const f of ['upheld', 'corrected', 'other', 'pending', 'total'] as const)
        assert.equal(
          agg.appeals[kind][f],
          selfCity.appeals[kind][f] + selfA.appeals[kind][f] + selfB.appeals[kind][f],
        );
    assert.deepEqual(agg.proactive.regulations, { issued: 1, abolished: 0, valid: 2 });
    assert.ok(allChecksHold(agg.checks));
  });

  it('section 二 agrees with the catalog’s own validity counts (countValidityForYear) for a subtree', async () => {
    const agg = await derive('city', 2025, 'aggregate');
    const catalog = await countValidityForYear(t.database.db, { orgPath: city.path, year: 2025 });
    assert.deepEqual(agg.proactive.regulations, catalog.regulation);
    assert.deepEqual(agg.proactive.normativeDocuments, catalog.normative);
  });

  it('statistics for the charts: items by category and applications by channel group, in the year', async () => {
    const scope = await resolveReportScope(t.database.db, 'city', 'aggregate');
    const s = await deriveReportStatistics(t.database.db, scope, 2025);
    assert.deepEqual(
      s.itemsByCategory.map((c) => [c.code, c.count]),
      [
        ['cat-regulations', 2],
        ['cat-business', 1],
        ['cat-meetings', 0],
        ['cat-statistics', 0],
        ['cat-other', 0],
      ],
    );
    assert.deepEqual(s.applicationsByChannel, [
      { group: 'in_person', count: 1 },
      { group: 'letter', count: 1 },
      { group: 'online', count: 4 },
      { group: 'other', count: 0 },
    ]);
  });

  it('refuses an unknown organisation (NOT_FOUND) and a year in the future or before 2008 (VALIDATION)', async () => {
    await assert.rejects(derive('nope', 2025), (e) => isAppError(e) && e.code === 'NOT_FOUND');
    await assert.rejects(derive('dept-a', 2027), (e) => isAppError(e) && e.code === 'VALIDATION');
    await assert.rejects(derive('dept-a', 2007), (e) => isAppError(e) && e.code === 'VALIDATION');
  });

  it('figures from other systems: set per organisation and year with their source, audited, summed in the aggregate', async () => {
    const ctx = contextFor(t.database, systemPrincipal('test'), NOW);
    const saved = await setReportFigures(ctx, {
      orgCode: 'dept-a',
      year: 2025,
      licensing: { decisions: 120, source: '省政务服务网 2026-01-15 导出' },
      penalty: { decisions: 35, source: '行政执法平台' },
      coercion: { decisions: 3, source: '行政执法平台' },
      fees: { amountWanYuan: 1.25, source: '财政非税收入系统' },
    });
    assert.equal(saved.fees.amountWanYuan, 1.25);
    assert.equal(saved.licensing.source, '省政务服务网 2026-01-15 导出');
    await setReportFigures(ctx, {
      orgCode: 'dept-b',
      year: 2025,
      licensing: { decisions: 7 },
      penalty: { decisions: 0 },
      coercion: { decisions: 1 },
      fees: { amountWanYuan: 0.5 },
    });
    // A second save replaces the first.
    await setReportFigures(ctx, {
      orgCode: 'dept-b',
      year: 2025,
      licensing: { decisions: 8, source: '窗口台账' },
      penalty: { decisions: 0 },
      coercion: { decisions: 1 },
      fees: { amountWanYuan: 0.5 },
    });
    const agg = await derive('city', 2025, 'aggregate');
    assert.deepEqual(agg.proactive.licensing, { decisions: 128 });
    assert.deepEqual(agg.proactive.penalty, { decisions: 35 });
    assert.deepEqual(agg.proactive.coercion, { decisions: 4 });
    assert.equal(agg.proactive.fees.amountWanYuan, 1.75);
    assert.equal((await derive('dept-a', 2025)).proactive.fees.amountWanYuan, 1.25);
    assert.equal((await derive('dept-a', 2024)).proactive.licensing.decisions, 0);
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'report.figures.set')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audits.map((x) => x.entity_id),
      ['dept-a/2025', 'dept-b/2025', 'dept-b/2025'],
    );
  });

  it('figures: refused with the field named (negative, fractional, fees with too many decimals) and nothing stored', async () => {
    const ctx = contextFor(t.database, systemPrincipal('test'), NOW);
    await assert.rejects(
      setReportFigures(ctx, {
        orgCode: 'city',
        year: 2025,
        licensing: { decisions: -1 },
        penalty: { decisions: 1.5 },
        coercion: { decisions: 0 },
        fees: { amountWanYuan: 0.123456 },
      }),
      (e) =>
        isAppError(e) &&
        e.code === 'VALIDATION' &&
        ['licensing.decisions', 'penalty.decisions', 'fees.amountWanYuan'].every((f) =>
          e.details.fields?.some((x) => x.field === f && x.message.startsWith('reports.error.')),
        ),
    );
    assert.equal((await derive('city', 2025)).proactive.licensing.decisions, 0);
  });

  it('figures and narrative need report.edit on the organisation (an office head of b cannot edit a; an editor cannot)', async () => {
    const head = await buildUser(t.database, {
      username: 'head-b',
      grants: [{ orgCode: 'dept-b', role: 'office_head' }],
    });
    const editor = await buildUser(t.database, {
      username: 'editor-a',
      grants: [{ orgCode: 'dept-a', role: 'editor' }],
    });
    const input = {
      orgCode: 'dept-a',
      year: 2025,
      licensing: { decisions: 1 },
      penalty: { decisions: 1 },
      coercion: { decisions: 1 },
      fees: { amountWanYuan: 0 },
    };
    for (const user of [head, editor]) {
      const ctx = await contextAsUser(t.database, user.id, NOW);
      await assert.rejects(setReportFigures(ctx, input), (e) => isAppError(e) && e.code === 'FORBIDDEN');
      await assert.rejects(
        saveReportNarrative(ctx, { orgCode: 'dept-a', year: 2025, overview: 'x', problems: '', other: '' }),
        (e) => isAppError(e) && e.code === 'FORBIDDEN',
      );
    }
    const ok = await contextAsUser(t.database, head.id, NOW);
    await setReportFigures(ok, { ...input, orgCode: 'dept-b', licensing: { decisions: 8 } });
  });

  it('the generated draft quotes the tables exactly: saved as the narrative, every check holds, figures were compared', async () => {
    for (const [code, scope] of [
      ['dept-a', 'self'],
      ['city', 'aggregate'],
      ['dept-b', 'self'],
    ] as const) {
      const current = await derive(code, 2025, scope);
      const previous = await derive(code, 2024, scope);
      const draft = draftNarrative(current, previous);
      assert.match(draft.overview, /收到政府信息公开申请\d+件/);
      const ctx = contextFor(t.database, systemPrincipal('test'), NOW);
      await saveReportNarrative(ctx, { orgCode: code, year: 2025, scope, ...draft });
      const r = await derive(code, 2025, scope, true);
      assert.deepEqual(r.narrative, draft);
      const narrative = r.checks.find((c) => c.rule === 'narrative-consistency')!;
      assert.ok(narrative.ok, narrative.detail);
      assert.match(narrative.detail, /^\d+ figure\(s\) quoted in the narrative agree/);
      assert.ok(allChecksHold(r.checks), JSON.stringify(r.checks));
    }
    // The narrative is per scope: the city's own report has none yet.
    assert.equal((await derive('city', 2025, 'self')).narrative.overview, '');
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'report.narrative.save')
      .execute();
    assert.equal(audits.length, 3);
  });
});
