import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, logInAs, type TestApp } from '../../test/support/test-app.js';
import { buildOrg, buildUser, contextAsUser, type BuiltOrg } from '../../test/support/factories.js';
import { loadConfig } from '../platform/config.js';
import { fixedClock } from '../platform/clock.js';
import { createJobQueue } from '../platform/jobs/job-queue.js';
import { createMailer } from '../platform/mail/mailer.js';
import { generateQuarter } from './generate-quarter.js';
import { reviewQuarter } from './review-quarter.js';
import { publishQuarter } from './publish-quarter.js';
import { sendSupervisionAlerts } from './send-supervision-alerts.js';
import { runWebsiteChecks } from './run-website-checks.js';
import { takeTransparencySnapshot } from './take-transparency-snapshot.js';
import { saveAssessmentConfig } from './save-assessment-config.js';
import { saveSupervisionSettings } from './save-supervision-settings.js';
import { findQuarter, listCheckHistoryOf, listSupervisedOrgs } from './supervision.repository.js';
import { computeSupervisionFigures, loadSupervisionSettings } from './compute-figures.js';
import { quarterPeriod, trailingYear, type Period } from './supervision.rules.js';
import type { QuarterResults } from './quarter-results.js';
import { ALERTS_JOB } from './supervision.jobs.js';
import { isAppError } from '../platform/errors.js';
import { closedOn, seedApplication, seedItem } from '../../test/support/supervision-fixtures.js';

// 2026-04-10 10:00 in Shanghai: Q1 2026 has ended.
const NOW = new Date('2026-04-10T02:00:00Z');
const AT = NOW.toISOString();
const closed = closedOn;

describe('supervision', () => {
  let t: TestApp;
  let dept: BuiltOrg;
  let town: BuiltOrg;
  let cityAdminId: number;
  let handlerId: number;

  before(async () => {
    t = await createTestApp(NOW);
    await buildOrg(t.database, { code: 'svcity', kind: 'government', name: '示范市人民政府' });
    dept = await buildOrg(t.database, { code: 'svdept', parentCode: 'svcity', name: '示范市教育局' });
    town = await buildOrg(t.database, { code: 'svtown', parentCode: 'svcity', kind: 'town', name: '东镇' });
    cityAdminId = (
      await buildUser(t.database, {
        username: 'sv-admin',
        grants: [{ orgCode: 'svcity', role: 'city_admin' }],
      })
    ).id;
    await buildUser(t.database, {
      username: 'sv-super',
      grants: [{ orgCode: 'svcity', role: 'supervisor' }],
    });
    await buildUser(t.database, {
      username: 'sv-towner',
      grants: [{ orgCode: 'svtown', role: 'office_head' }],
    });
    await buildUser(t.database, {
      username: 'sv-head',
      grants: [{ orgCode: 'svdept', role: 'office_head' }],
    });
    handlerId = (
      await buildUser(t.database, {
        username: 'sv-handler',
        grants: [{ orgCode: 'svdept', role: 'case_handler' }],
      })
    ).id;
    // Alerts go to the addresses on the accounts.
    for (const [username, email] of [
      ['sv-admin', 'admin@city.test'],
      ['sv-super', 'super@city.test'],
      ['sv-head', 'head@dept.test'],
      ['sv-handler', 'handler@dept.test'],
    ]) {
      await t.database.db.updateTable('users').set({ email }).where('username', '=', username!).execute();
    }

    // The department, Q1 2026 (March has no holidays; receipt Mon 03-02 → due Mon 03-30).
    await seedApplication(t, dept, { receivedOn: '2026-03-02', events: [closed('2026-03-09')] }); // 5 wd
    await seedApplication(t, dept, { receivedOn: '2026-03-02', events: [closed('2026-03-16')] }); // 10 wd
    await seedApplication(t, dept, { receivedOn: '2026-03-02', events: [closed('2026-03-30')] }); // 20 wd, on the due day
    await seedApplication(t, dept, { receivedOn: '2026-03-02', events: [closed('2026-03-31')] }); // 21 wd, late
    await seedApplication(t, dept, { receivedOn: '2026-03-03', events: [closed('2026-03-05')] }); // 2 wd
    // 条例30: the 7th working day after 03-02 is 03-11; a request on 03-12 is late.
    await seedApplication(t, dept, {
      receivedOn: '2026-03-02',
      events: [
        { type: 'correction_requested', on: '2026-03-12', payload: { correctionDueOn: '2026-03-27' } },
      ],
    });
    // Open and past its due date (03-30) at the quarter's end.
    await seedApplication(t, dept, { receivedOn: '2026-03-02', handlerUserId: handlerId });
    // A consultation from 03-03 with no reply: the 15-working-day window ended 03-24.
    await seedApplication(t, dept, {
      receivedOn: '2026-03-02',
      events: [{ type: 'consultation_started', on: '2026-03-03', payload: { party: 'third_party' } }],
    });
    // The town: two answers on time (below the minimum count of 5) and a withdrawal.
    await seedApplication(t, town, { receivedOn: '2026-03-02', events: [closed('2026-03-04')] });
    await seedApplication(t, town, { receivedOn: '2026-03-02', events: [closed('2026-03-06')] });
    await seedApplication(t, town, {
      receivedOn: '2026-03-02',
      events: [{ type: 'withdrawn', on: '2026-03-03' }],
    });
    await t.database.db
      .insertInto('annual_report_submissions')
      .values({
        org_id: town.id,
        year: 2025,
        scope: 'self',
        status: 'published',
        submitted_at: '2026-01-20T02:00:00.000Z',
        published_at: '2026-03-10T02:00:00.000Z',
        updated_at: AT,
      })
      .execute();
    // 条例26: one late item and one on time in the quarter; one late item in Q2 (not counted).
    await seedItem(t, dept, { title: '迟发文件', publishedOn: '2026-03-20', isLate: true });
    await seedItem(t, dept, { title: '及时文件', publishedOn: '2026-03-10' });
    await seedItem(t, dept, { title: '四月文件', publishedOn: '2026-04-02', isLate: true });
  });

  after(async () => {
    await t.cleanup();
  });

  it('generates Q1 from the event logs with the hand-computed figures, ranking and findings', async () => {
    const ctx = await contextAsUser(t.database, cityAdminId, NOW);
    await generateQuarter(ctx, { timeZone: 'Asia/Shanghai' }, { quarter: '2026-Q1' });
    const row = await findQuarter(t.database.db, '2026-Q1');
    assert.equal(row?.status, 'draft');
    const results = JSON.parse(row?.results_json ?? '{}') as QuarterResults;
    const d = results.orgs.find((o) => o.code === 'svdept')!;
    assert.deepEqual(
      {
        answered: d.answered,
        onTime: d.onTime,
        late: d.answeredLate,
        rate: d.onTimeRate,
        median: d.medianDays,
        p90: d.p90Days,
        open: d.open,
        overdue: d.overdue,
        correctionsLate: d.correctionsLate,
        consultations: d.consultationsPastWindow,
        itemsPublished: d.itemsPublished,
        itemsLate: d.itemsLate,
        rank: d.rank,
      },
      {
        answered: 5,
        onTime: 4,
        late: 1,
        rate: 0.8,
        median: 10,
        p90: 21,
        open: 3,
        overdue: 1,
        correctionsLate: 1,
        consultations: 1,
        itemsPublished: 2,
        itemsLate: 1,
        rank: 1,
      },
    );
    const town = results.orgs.find((o) => o.code === 'svtown')!;
    assert.equal(town.answered, 2);
    assert.equal(town.onTimeRate, null);
    assert.equal(town.isBelowMinimum, true);
    assert.equal(town.rank, null);
    assert.deepEqual(
      d.findings.map((f) => [f.key, f.count]),
      [
        ['answered_late', 1],
        ['overdue_open', 1],
        ['corrections_late', 1],
        ['consultations_past_window', 1],
        ['items_late', 1],
        // No 2025 report submitted by 2026-01-31 (条例49).
        ['annual_report_late', 1],
      ],
    );
    // The town submitted on 01-20 and published on 03-10: on time.
    assert.ok(!town.findings.some((f) => f.key === 'annual_report_late'));
    assert.equal(results.total.answered, 7);
  });

  it('refuses a quarter that has not ended, and publishing before review', async () => {
    const ctx = await contextAsUser(t.database, cityAdminId, NOW);
    await assert.rejects(
      generateQuarter(ctx, { timeZone: 'Asia/Shanghai' }, { quarter: '2026-Q2' }),
      (err) => isAppError(err) && err.details.fields?.[0]?.message === 'supervision.error.quarter_not_ended',
    );
    await assert.rejects(
      publishQuarter(ctx, { quarter: '2026-Q1' }),
      (err) => isAppError(err) && err.code === 'INVALID_STATE',
    );
  });

  it('publishes a reviewed quarter as a public page and a Word file without personal data', async () => {
    const ctx = await contextAsUser(t.database, cityAdminId, NOW);
    let res = await t.app.request('/supervision/quarters/2026-Q1');
    assert.equal(res.status, 404, 'a draft is not public');
    await reviewQuarter(ctx, { quarter: '2026-Q1', note: '核对无误' });
    await publishQuarter(ctx, { quarter: '2026-Q1' });
    res = await t.app.request('/supervision');
    const index = await res.text();
    assert.match(index, /2026-Q1/);
    res = await t.app.request('/supervision/quarters/2026-Q1');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /示范市教育局/);
    assert.match(html, /80\.0%/);
    for (const personal of ['张三丰', 'zhang@example.test', 'SV-2026-', 'sv-handler', 'handler@dept.test']) {
      assert.ok(!html.includes(personal), `public page shows ${personal}`);
    }
    res = await t.app.request('/supervision/quarters/2026-Q1/download.docx');
    assert.equal(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(String.fromCharCode(bytes[0]!, bytes[1]!), 'PK');
    await assert.rejects(
      generateQuarter(ctx, { timeZone: 'Asia/Shanghai' }, { quarter: '2026-Q1' }),
      (err) => isAppError(err) && err.message === 'supervision.error.quarter_published',
    );
  });

  it('takes the daily transparency snapshot with the minimum-count rule, shown publicly without personal data', async () => {
    await takeTransparencySnapshot(t.database, { timeZone: 'Asia/Shanghai' }, NOW);
    await takeTransparencySnapshot(t.database, { timeZone: 'Asia/Shanghai' }, NOW); // same day: replaced
    const rows = await t.database.db.selectFrom('supervision_snapshots').selectAll().execute();
    assert.equal(rows.filter((r) => r.org_id === dept.id).length, 1);
    const d = rows.find((r) => r.org_id === dept.id)!;
    assert.equal(Number(d.on_time_rate), 0.8);
    assert.equal(Number(d.median_days), 10);
    assert.equal(rows.find((r) => r.org_id === town.id)!.on_time_rate, null);
    const html = await (await t.app.request('/supervision/transparency')).text();
    assert.match(html, /示范市教育局/);
    assert.match(html, /不足5件/);
    assert.ok(!html.includes('张三丰') && !html.includes('SV-2026-'));
  });

  it('shows a town only itself, the city office every unit', async () => {
    const townHead = await logInAs(t, 'sv-towner', 'correct horse battery');
    let { res, html } = await townHead.get('/staff/supervision?period=2026-Q1');
    assert.equal(res.status, 200);
    assert.match(html, /东镇/);
    assert.ok(!html.includes('示范市教育局'), 'a town sees another unit');
    ({ res } = await townHead.get(`/staff/supervision/orgs/${dept.id}?period=2026-Q1`));
    assert.equal(res.status, 403);
    ({ res } = await townHead.get('/staff/supervision/settings'));
    assert.equal(res.status, 403);
    const supervisor = await logInAs(t, 'sv-super', 'correct horse battery');
    ({ html } = await supervisor.get('/staff/supervision?period=2026-Q1'));
    assert.match(html, /示范市教育局/);
    assert.match(html, /东镇/);
    ({ res, html } = await supervisor.get(`/staff/supervision/orgs/${dept.id}?period=2026-Q1`));
    assert.equal(res.status, 200);
    assert.match(html, /SV-2026-/);
    assert.match(html, /迟发文件/);
  });

  it('refuses misconfigured weights and thresholds with a message on the field', async () => {
    const ctx = await contextAsUser(t.database, cityAdminId, NOW);
    await assert.rejects(
      saveAssessmentConfig(ctx, [{ key: 'on_time_rate', weight: '-2', penalty: '0' }]),
      (err) => isAppError(err) && err.details.fields?.[0]?.message === 'supervision.error.weight_invalid',
    );
    await assert.rejects(
      saveSupervisionSettings(ctx, { minCount: '0' }),
      (err) => isAppError(err) && err.code === 'VALIDATION',
    );
    const admin = await logInAs(t, 'sv-admin', 'correct horse battery');
    const { res, html } = await admin.post('/staff/supervision/assessment/config?period=2026-Q1', {
      weight_on_time_rate: '0',
      weight_overdue: '0',
      weight_answered_late: '0',
      weight_corrections_late: '0',
      weight_consultations_past_window: '0',
      weight_items_late: '0',
      weight_website: '0',
    });
    assert.equal(res.status, 400);
    assert.match(html, /<title>错误：/);
    assert.match(html, /至少一项指标的权重须大于 0/);
    const xlsx = await admin.get('/staff/supervision/assessment.xlsx?period=2026-Q1');
    assert.equal(xlsx.res.status, 200);
  });

  it('mails each alert once, even when run twice and after a restart, and escalates long-overdue cases', async () => {
    // 2026-04-20: the open case due 03-30 is far overdue (escalation after 5 working days).
    const later = new Date('2026-04-20T02:00:00Z');
    const first = await sendSupervisionAlerts(
      {
        database: t.database,
        mailer: t.deps.mailer,
        timeZone: 'Asia/Shanghai',
        publicUrl: 'http://localhost',
      },
      later,
    );
    assert.ok(first.queued > 0);
    const again = await sendSupervisionAlerts(
      {
        database: t.database,
        mailer: t.deps.mailer,
        timeZone: 'Asia/Shanghai',
        publicUrl: 'http://localhost',
      },
      later,
    );
    assert.equal(again.queued, 0);
    assert.equal(again.alreadySent, first.queued);
    // A "restart": a new queue and mailer over the same database, the job run through the queue.
    const config = loadConfig({ NODE_ENV: 'test', GONGKAI_DATA_DIR: t.dir, LOG_LEVEL: 'silent' });
    const clock = fixedClock(later);
    const jobs = createJobQueue({ database: t.database, clock });
    const mailer = createMailer({ database: t.database, config, jobs, clock });
    const { registerSupervisionJobs } = await import('./supervision.jobs.js');
    registerSupervisionJobs(jobs, {
      database: t.database,
      mailer,
      storage: t.deps.storage,
      timeZone: 'Asia/Shanghai',
      publicUrl: 'http://localhost',
    });
    await jobs.enqueue(t.database.db, ALERTS_JOB, {});
    await jobs.runDue();
    const alerts = await t.database.db.selectFrom('supervision_alerts').selectAll().execute();
    assert.equal(alerts.length, first.queued);
    const outbox = await t.database.db.selectFrom('mail_outbox').selectAll().execute();
    const byTo = (to: string) => outbox.filter((m) => m.to_address === to);
    assert.equal(byTo('handler@dept.test').length, 1, 'one mail for the handler');
    assert.match(byTo('handler@dept.test')[0]!.text_body, /已超期/);
    assert.ok(byTo('head@dept.test').some((m) => m.subject.includes('每日办理情况')));
    assert.ok(
      byTo('head@dept.test').some((m) => m.subject.includes('超期')),
      'escalated to the office head',
    );
    assert.ok(
      byTo('admin@city.test').some((m) => m.subject.includes('每周')),
      'weekly summary to the city office',
    );
    assert.ok(
      byTo('super@city.test').some((m) => m.subject.includes('已超期')),
      'escalated to the city office',
    );
    const keys = alerts.map((a) => a.alert_key);
    assert.equal(new Set(keys).size, keys.length);
    mailer.close();
  });

  it('leaves alerts queued in the outbox when the SMTP server cannot be reached', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      GONGKAI_DATA_DIR: t.dir,
      LOG_LEVEL: 'silent',
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    const day = new Date('2026-04-21T02:00:00Z');
    const clock = fixedClock(day);
    const jobs = createJobQueue({ database: t.database, clock });
    const mailer = createMailer({ database: t.database, config, jobs, clock });
    const result = await sendSupervisionAlerts(
      { database: t.database, mailer, timeZone: 'Asia/Shanghai', publicUrl: 'http://localhost' },
      day,
    );
    assert.ok(result.queued > 0);
    await jobs.runDue();
    const ids = (
      await t.database.db
        .selectFrom('supervision_alerts')
        .select('outbox_id')
        .where('created_at', '=', day.toISOString())
        .execute()
    ).map((r) => r.outbox_id as number);
    const rows = await t.database.db.selectFrom('mail_outbox').selectAll().where('id', 'in', ids).execute();
    assert.equal(rows.length, result.queued);
    for (const r of rows) {
      assert.equal(r.status, 'queued');
      assert.ok(r.error, 'the failed attempt is recorded');
    }
    mailer.close();
  });

  it('checks only URLs found in published items, with a timeout, and keeps a history', async () => {
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/slow') return; // never answers: the checker must time out
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await seedItem(t, dept, {
        title: '带链接',
        publishedOn: '2026-04-08',
        body: `<p><a href="${base}/ok">a</a> <a href="${base}/missing">b</a> <a href="${base}/slow">c</a> <a href="/relative">r</a></p>`,
      });
      await seedItem(t, dept, {
        title: '草稿',
        publishedOn: null,
        status: 'draft',
        body: `<a href="${base}/draft-only">d</a>`,
      });
      await seedItem(t, town, {
        title: '已撤销',
        publishedOn: '2026-03-01',
        status: 'withdrawn',
        body: `<a href="${base}/withdrawn">w</a>`,
      });
      const ctx = await contextAsUser(t.database, cityAdminId, NOW);
      await saveSupervisionSettings(ctx, {
        dueSoonWorkdays: 3,
        escalateAfterWorkdays: 5,
        minCount: 5,
        newsMaxAgeDays: 14,
        noticeMaxAgeDays: 183,
        vetoStaleColumns: 5,
        vetoLongStaleColumns: 10,
        vetoEmptyColumns: 5,
        siteNotUpdatedDays: 14,
        linkTimeoutMs: 500,
        linkConcurrency: 2,
        maxLinksPerRun: 50,
      });
      // Without the allow-list the local server is an internal address: refused, never requested.
      const refused = await runWebsiteChecks(
        { database: t.database, storage: t.deps.storage, timeZone: 'Asia/Shanghai' },
        NOW,
        'test',
      );
      assert.deepEqual([refused.linksChecked, refused.linksNotChecked], [0, 3]);
      assert.deepEqual(hits, [], 'an internal address was requested');
      const [blocked] = await listCheckHistoryOf(t.database.db, dept.id, 5);
      assert.equal(blocked?.broken_links, 0, 'refused links are not counted as broken');
      const blockedDetails = JSON.parse(blocked?.details_json ?? '{}') as {
        notCheckedLinks: { url: string; result: string }[];
      };
      assert.deepEqual(
        blockedDetails.notCheckedLinks.map((l) => [l.url.slice(base.length), l.result]).sort(),
        [
          ['/missing', 'internal_address'],
          ['/ok', 'internal_address'],
          ['/slow', 'internal_address'],
        ],
      );
      // The tests' configuration allows the loopback address (LINK_CHECK_ALLOW=127.0.0.1).
      const testConfig = loadConfig({
        NODE_ENV: 'test',
        GONGKAI_DATA_DIR: t.dir,
        LOG_LEVEL: 'silent',
        LINK_CHECK_ALLOW: '127.0.0.1',
      });
      const { linksChecked } = await runWebsiteChecks(
        {
          database: t.database,
          storage: t.deps.storage,
          timeZone: 'Asia/Shanghai',
          linkCheckAllow: testConfig.linkCheck.allow,
        },
        NOW,
        'test',
      );
      assert.equal(linksChecked, 3);
      assert.deepEqual([...new Set(hits)].sort(), ['/missing', '/ok', '/slow']);
      const [latest] = await listCheckHistoryOf(t.database.db, dept.id, 5);
      assert.equal(latest?.broken_links, 2);
      const details = JSON.parse(latest?.details_json ?? '{}') as {
        brokenLinks: { url: string; result: string }[];
      };
      assert.deepEqual(details.brokenLinks.map((l) => [l.url.slice(base.length), l.result]).sort(), [
        ['/missing', '404'],
        ['/slow', 'timeout'],
      ]);
      const townResult = (await listCheckHistoryOf(t.database.db, town.id, 5))[0];
      assert.ok((JSON.parse(townResult?.veto_json ?? '[]') as string[]).includes('site_not_updated'));
      const supervisor = await logInAs(t, 'sv-super', 'correct horse battery');
      const { html } = await supervisor.get(`/staff/supervision/website/orgs/${dept.id}`);
      assert.match(html, /timeout/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('sums stored case facts to the same figures as deriving every case, and re-derives stale facts', async () => {
    const db = t.database.db;
    const orgs = (await listSupervisedOrgs(db, 'all')).filter((o) => [dept.id, town.id].includes(o.id));
    const settings = await loadSupervisionSettings(db);
    const both = async (period: Period, today: string) => {
      const grouped = await computeSupervisionFigures(db, { orgs, period, today, settings });
      const live = await computeSupervisionFigures(db, { orgs, period, today, settings, includeCases: true });
      assert.deepEqual(grouped.indicators, live.indicators, `${period.from}…${period.to} per organisation`);
      assert.deepEqual(grouped.total, live.total, `${period.from}…${period.to} total`);
      return grouped;
    };
    const q1 = quarterPeriod('2026-Q1');
    const figures = await both(q1, '2026-04-10');
    const d = figures.indicators.find((i) => i.orgId === dept.id)!;
    assert.deepEqual(
      [d.answered, d.answeredLate, d.correctionsLate, d.consultationsPastWindow],
      [5, 1, 1, 1],
    );
    await both({ from: '2026-03-01', to: '2026-03-15' }, '2026-04-10'); // answers after the period's end are open then
    await both(trailingYear('2026-04-20'), '2026-04-20');
    await both(quarterPeriod('2026-Q2'), '2026-04-20');
    const stored = await db
      .selectFrom('supervision_case_facts')
      .selectAll()
      .where('as_of', '=', '')
      .execute();
    assert.ok(stored.length >= 7, 'closed cases have stored facts');
    const openAsOf = async () =>
      (
        await db
          .selectFrom('supervision_case_facts')
          .select('as_of')
          .where('as_of', '<>', '')
          .distinct()
          .orderBy('as_of')
          .execute()
      ).map((r) => r.as_of);
    assert.ok((await openAsOf()).includes('2026-03-15'));
    // The daily snapshot drops open cases' facts as of past days, except quarters' last days.
    await takeTransparencySnapshot(
      t.database,
      { timeZone: 'Asia/Shanghai' },
      new Date('2026-04-20T02:00:00Z'),
    );
    assert.deepEqual(await openAsOf(), ['2026-03-31', '2026-04-20']);

    // A rest day the office adds in March changes working-day counts: every fact is derived again.
    await db
      .insertInto('calendar_overrides')
      .values({
        org_id: null,
        date: '2026-03-04',
        kind: 'rest',
        note: '测试',
        source: null,
        created_by: null,
        created_at: AT,
      })
      .execute();
    try {
      const after = await both(q1, '2026-04-10');
      const d2 = after.indicators.find((i) => i.orgId === dept.id)!;
      assert.notDeepEqual(d2.medianAnswerDays, d.medianAnswerDays, 'the median moved with the calendar');
      const restamped = await db
        .selectFrom('supervision_case_facts')
        .select('basis')
        .where('as_of', '=', '')
        .distinct()
        .execute();
      assert.equal(restamped.length, 1);
      assert.notEqual(restamped[0]!.basis, stored[0]!.basis);
    } finally {
      await db.deleteFrom('calendar_overrides').where('date', '=', '2026-03-04').execute();
    }
    // An event appended to a closed case's log (an appeal) makes its facts stale; they are derived again.
    const [closedCase] = await db
      .selectFrom('applications')
      .select(['id', 'event_count'])
      .where('org_id', '=', dept.id)
      .where('closed_on', '=', '2026-03-31')
      .execute();
    await db
      .insertInto('application_events')
      .values({
        application_id: closedCase!.id,
        seq: 9,
        type: 'appeal_filed',
        on_date: '2026-04-05',
        payload_json: JSON.stringify({ kind: 'reconsideration' }),
        actor_user_id: null,
        actor_label: 'test',
        created_at: AT,
      })
      .execute();
    await db
      .updateTable('applications')
      .set({ event_count: closedCase!.event_count + 1 })
      .where('id', '=', closedCase!.id)
      .execute();
    await both(q1, '2026-04-10');
    const row = await db
      .selectFrom('supervision_case_facts')
      .select('event_count')
      .where('application_id', '=', closedCase!.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.event_count, closedCase!.event_count + 1);
  });
});
