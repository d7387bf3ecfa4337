import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, logInAs, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import {
  buildOrg,
  buildUser,
  DEFAULT_TEST_PASSWORD,
  type BuiltOrg,
} from '../../../test/support/factories.js';
import { closedOn, seedApplication } from '../../../test/support/supervision-fixtures.js';

/**
 * The supervision back office through HTTP, as a browser uses it: the forms (quarter generate, review
 * and publish; thresholds; weights; column rules) with their refusals shown on the field and nothing
 * changed, the organisation scoping with audited refusals, and CSRF.
 */

// Friday 2026-04-10, 10:00 in Shanghai: Q1 2026 has ended, Q2 has not.
const NOW = new Date('2026-04-10T02:00:00Z');

describe('supervision staff pages', () => {
  let t: TestApp;
  let dept: BuiltOrg;
  let village: BuiltOrg;
  let admin: StaffAgent;
  let supervisor: StaffAgent;
  let townHead: StaffAgent;
  let handler: StaffAgent;
  let columnId: number;

  const audits = (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
  const deniedFor = async (actor: string, entityId: string) =>
    (await audits('access.denied')).filter((r) => r.actor_label === actor && r.entity_id === entityId).length;
  const settingsRows = () => t.database.db.selectFrom('supervision_settings').selectAll().execute();

  before(async () => {
    t = await createTestApp(NOW);
    await buildOrg(t.database, { code: 'hcity', kind: 'government', name: '页面市人民政府' });
    dept = await buildOrg(t.database, { code: 'hdept', parentCode: 'hcity', name: '页面市交通局' });
    await buildOrg(t.database, { code: 'htown', parentCode: 'hcity', kind: 'town', name: '北镇' });
    village = await buildOrg(t.database, { code: 'hvillage', parentCode: 'htown', name: '北镇社区服务中心' });
    for (const [username, orgCode, role] of [
      ['h-admin', 'hcity', 'city_admin'],
      ['h-super', 'hcity', 'supervisor'],
      ['h-townhead', 'htown', 'office_head'],
      ['h-handler', 'hdept', 'case_handler'],
    ] as const) {
      await buildUser(t.database, { username, grants: [{ orgCode, role }] });
    }
    for (let i = 0; i < 6; i++) {
      await seedApplication(t, dept, {
        receivedOn: '2026-03-02',
        events: [closedOn(i < 5 ? '2026-03-16' : '2026-04-01')],
        prefix: 'HT-DEPT-',
      });
    }
    await seedApplication(t, village, {
      receivedOn: '2026-03-02',
      events: [closedOn('2026-03-09')],
      prefix: 'HT-VIL-',
    });
    // Open since February: overdue at the end of Q1, listed on the drill-down page.
    await seedApplication(t, village, { receivedOn: '2026-02-02', prefix: 'HT-VIL-' });
    admin = await logInAs(t, 'h-admin', DEFAULT_TEST_PASSWORD);
    supervisor = await logInAs(t, 'h-super', DEFAULT_TEST_PASSWORD);
    townHead = await logInAs(t, 'h-townhead', DEFAULT_TEST_PASSWORD);
    handler = await logInAs(t, 'h-handler', DEFAULT_TEST_PASSWORD);
    const column = await t.database.db
      .selectFrom('catalog_columns')
      .select('id')
      .where('is_active', '=', 1)
      .where('org_id', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    columnId = column.id;
  });

  after(async () => {
    await t.cleanup();
  });

  describe('quarterly results: generate, review, publish', () => {
    const quarterRow = () =>
      t.database.db
        .selectFrom('supervision_quarters')
        .selectAll()
        .where('quarter', '=', '2026-Q1')
        .executeTakeFirst();

    it('refuses a quarter that has not ended, with the message on the field, and stores nothing', async () => {
      await admin.get('/staff/supervision/quarters');
      const { res, html } = await admin.post('/staff/supervision/quarters', { quarter: '2026-Q2' });
      assert.equal(res.status, 400);
      assert.match(html, /<title>错误：/);
      assert.match(html, /<a href="#f-quarter">该季度尚未结束，结束后才能生成结果<\/a>/);
      assert.match(html, /<span class="error-message" id="f-quarter-error">该季度尚未结束/);
      assert.match(
        html,
        /<select id="f-quarter" name="quarter" aria-invalid="true" aria-describedby="f-quarter-error">/,
      );
      const bogus = await admin.post('/staff/supervision/quarters', { quarter: '2026-Q9' });
      assert.equal(bogus.res.status, 400);
      assert.match(bogus.html, /请选择一个季度/);
      assert.equal((await t.database.db.selectFrom('supervision_quarters').selectAll().execute()).length, 0);
      assert.equal((await audits('supervision.quarter.generate')).length, 0);
    });

    it('generates a draft, which only the city office may review and publish, in that order', async () => {
      await admin.get('/staff/supervision/quarters');
      let { res } = await admin.post('/staff/supervision/quarters', { quarter: '2026-Q1' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/staff/supervision/quarters/2026-Q1?done=generated');
      assert.equal((await quarterRow())?.status, 'draft');
      assert.equal((await audits('supervision.quarter.generate')).length, 1);

      let html: string;
      ({ res, html } = await admin.get('/staff/supervision/quarters/2026-Q1?done=generated'));
      assert.equal(res.status, 200);
      assert.match(html, /页面市交通局/);
      assert.match(html, /action="\/staff\/supervision\/quarters\/2026-Q1\/review"/);
      // Publishing a draft is refused on the page and changes nothing.
      ({ res, html } = await admin.post('/staff/supervision/quarters/2026-Q1/publish', {}));
      assert.equal(res.status, 400);
      assert.match(html, /<title>错误：/);
      assert.equal((await quarterRow())?.status, 'draft');
      // A review needs a note.
      await admin.get('/staff/supervision/quarters/2026-Q1');
      ({ res, html } = await admin.post('/staff/supervision/quarters/2026-Q1/review', { note: '   ' }));
      assert.equal(res.status, 400);
      assert.match(html, /id="f-note"[^>]*aria-invalid="true"/);
      assert.equal((await quarterRow())?.status, 'draft');

      // The supervisor reads the draft but may neither review nor publish it.
      ({ res, html } = await supervisor.get('/staff/supervision/quarters/2026-Q1'));
      assert.equal(res.status, 200);
      assert.ok(
        !html.includes('/review"') && !html.includes('/publish"'),
        'the supervisor is offered the forms',
      );
      ({ res } = await supervisor.post('/staff/supervision/quarters/2026-Q1/review', { note: '同意' }));
      assert.equal(res.status, 403);
      assert.equal(await deniedFor('h-super', 'POST /staff/supervision/quarters/2026-Q1/review'), 1);
      assert.equal((await quarterRow())?.status, 'draft');

      await admin.get('/staff/supervision/quarters/2026-Q1');
      ({ res } = await admin.post('/staff/supervision/quarters/2026-Q1/review', { note: '数据已核对' }));
      assert.equal(res.status, 303);
      assert.equal((await quarterRow())?.status, 'reviewed');
      assert.equal((await quarterRow())?.review_note, '数据已核对');
      assert.equal(
        (await t.app.request('/supervision/quarters/2026-Q1')).status,
        404,
        'not public before publishing',
      );

      ({ html } = await admin.get('/staff/supervision/quarters/2026-Q1'));
      assert.match(html, /action="\/staff\/supervision\/quarters\/2026-Q1\/publish"/);
      ({ res } = await admin.post('/staff/supervision/quarters/2026-Q1/publish', {}));
      assert.equal(res.status, 303);
      assert.equal((await quarterRow())?.status, 'published');
      assert.deepEqual(
        (await audits('supervision.quarter.review'))
          .concat(await audits('supervision.quarter.publish'))
          .map((a) => [a.action, a.actor_label]),
        [
          ['supervision.quarter.review', 'h-admin'],
          ['supervision.quarter.publish', 'h-admin'],
        ],
      );
      const publicPage = await t.app.request('/supervision/quarters/2026-Q1');
      assert.equal(publicPage.status, 200);
      assert.ok(!(await publicPage.text()).includes('HT-DEPT-'), 'a reference on the public page');
      // A published quarter is kept as published: generating it again is refused on the field.
      await admin.get('/staff/supervision/quarters');
      ({ res, html } = await admin.post('/staff/supervision/quarters', { quarter: '2026-Q1' }));
      assert.equal(res.status, 400);
      assert.match(html, /<title>错误：/);
      assert.equal((await quarterRow())?.status, 'published');
    });
  });

  describe('settings: thresholds and weights', () => {
    it('refuses out-of-range thresholds with the message on each field, input kept, nothing changed', async () => {
      const { html: form } = await admin.get('/staff/supervision/settings');
      const current = Object.fromEntries(
        [...form.matchAll(/<input id="f-(\w+)" name="\w+" type="text" value="([^"]*)"/g)].map((m) => [
          m[1]!,
          m[2]!,
        ]),
      );
      assert.equal(current.dueSoonWorkdays, '3');
      assert.equal(Object.keys(current).length, 12);
      const { res, html } = await admin.post('/staff/supervision/settings', {
        ...current,
        dueSoonWorkdays: '99',
        minCount: '两件',
      });
      assert.equal(res.status, 400);
      assert.match(html, /<title>错误：/);
      assert.match(html, /<a href="#f-dueSoonWorkdays">请填写 0 到 20 之间的整数<\/a>/);
      assert.match(html, /<a href="#f-minCount">请填写 1 到 100 之间的整数<\/a>/);
      assert.match(
        html,
        /id="f-dueSoonWorkdays" name="dueSoonWorkdays" type="text" value="99"[^>]*aria-invalid="true"/,
      );
      assert.match(html, /value="两件"/);
      assert.deepEqual(await settingsRows(), []);
      assert.equal((await audits('supervision.settings.update')).length, 0);
    });

    it('saves valid thresholds and audits the change with before and after', async () => {
      const { html: form } = await admin.get('/staff/supervision/settings');
      const current = Object.fromEntries(
        [...form.matchAll(/<input id="f-(\w+)" name="\w+" type="text" value="([^"]*)"/g)].map((m) => [
          m[1]!,
          m[2]!,
        ]),
      );
      const { res } = await admin.post('/staff/supervision/settings', { ...current, dueSoonWorkdays: '5' });
      assert.equal(res.status, 303);
      const [row] = await settingsRows();
      assert.equal((JSON.parse(row!.value_json) as { dueSoonWorkdays: number }).dueSoonWorkdays, 5);
      const [entry] = await audits('supervision.settings.update');
      assert.equal((JSON.parse(entry!.before_json!) as { dueSoonWorkdays: number }).dueSoonWorkdays, 3);
      assert.equal((JSON.parse(entry!.after_json!) as { dueSoonWorkdays: number }).dueSoonWorkdays, 5);
      const { html } = await admin.get('/staff/supervision/settings?done=saved');
      assert.match(html, /id="f-dueSoonWorkdays" name="dueSoonWorkdays" type="text" value="5"/);
    });

    it('refuses a negative weight on its field and keeps the previous weights', async () => {
      const before = await t.database.db.selectFrom('supervision_assessment_configs').selectAll().execute();
      await admin.get('/staff/supervision/assessment?period=2026-Q1');
      const { res, html } = await admin.post('/staff/supervision/assessment/config?period=2026-Q1', {
        weight_on_time_rate: '-3',
        weight_overdue: '20',
      });
      assert.equal(res.status, 400);
      assert.match(html, /<title>错误：/);
      assert.match(html, /href="#f-weight_on_time_rate"/);
      assert.match(html, /id="f-weight_on_time_rate"[^>]*value="-3"[^>]*aria-invalid="true"/);
      assert.deepEqual(
        await t.database.db.selectFrom('supervision_assessment_configs').selectAll().execute(),
        before,
      );
      assert.equal((await audits('supervision.assessment.configure')).length, 0);
    });

    it('lets only the city office change settings: a town head is refused and the refusal audited', async () => {
      const before = await settingsRows();
      let { res } = await townHead.get('/staff/supervision/settings');
      assert.equal(res.status, 403);
      ({ res } = await townHead.post('/staff/supervision/settings', { dueSoonWorkdays: '1' }));
      assert.equal(res.status, 403);
      assert.deepEqual(await settingsRows(), before);
      assert.equal(await deniedFor('h-townhead', 'GET /staff/supervision/settings'), 1);
      assert.equal(await deniedFor('h-townhead', 'POST /staff/supervision/settings'), 1);
      ({ res } = await townHead.post('/staff/supervision/assessment/config', { weight_overdue: '1' }));
      assert.equal(res.status, 403);
    });
  });

  describe('per-column website-check rules', () => {
    const ruleRow = () =>
      t.database.db
        .selectFrom('supervision_column_rules')
        .selectAll()
        .where('column_id', '=', columnId)
        .executeTakeFirst();

    it('refuses a bad limit or kind on the refused row’s field, keeping the input, storing nothing', async () => {
      await admin.get('/staff/supervision/website/columns');
      let { res, html } = await admin.post(`/staff/supervision/website/columns/${columnId}`, {
        category: 'news',
        maxAgeDays: '0',
        isRequired: '1',
      });
      assert.equal(res.status, 400);
      assert.match(html, /<title>错误：/);
      assert.match(html, /<a href="#f-maxAgeDays">更新时限须为 1 到 731 之间的整数天数，或留空<\/a>/);
      assert.match(html, /<span class="error-message" id="f-maxAgeDays-error">更新时限须为/);
      assert.match(html, /<input id="f-maxAgeDays" name="maxAgeDays"[^>]*value="0"[^>]*aria-invalid="true"/);
      assert.equal((html.match(/id="f-maxAgeDays"/g) ?? []).length, 1, 'only the refused row takes the id');
      ({ res, html } = await admin.post(`/staff/supervision/website/columns/${columnId}`, {
        category: 'gossip',
        maxAgeDays: '30',
      }));
      assert.equal(res.status, 400);
      assert.match(html, /<a href="#f-category">请选择栏目类型<\/a>/);
      assert.match(html, /<select id="f-category" name="category"[^>]*aria-invalid="true"/);
      assert.equal(await ruleRow(), undefined);
      assert.equal((await audits('supervision.column_rule.update')).length, 0);
      ({ res } = await admin.post('/staff/supervision/website/columns/999999', {
        category: 'news',
        maxAgeDays: '',
      }));
      assert.equal(res.status, 404);
    });

    it('saves a column’s kind, limit and requirement, audited, and shows them', async () => {
      await admin.get('/staff/supervision/website/columns');
      const { res } = await admin.post(`/staff/supervision/website/columns/${columnId}`, {
        category: 'notice',
        maxAgeDays: '45',
        isRequired: '1',
      });
      assert.equal(res.status, 303);
      const row = await ruleRow();
      assert.deepEqual([row?.category, row?.max_age_days, row?.is_required], ['notice', 45, 1]);
      const [entry] = await audits('supervision.column_rule.update');
      assert.equal(entry?.actor_label, 'h-admin');
      const { html } = await admin.get('/staff/supervision/website/columns?done=saved');
      assert.match(html, new RegExp(`name="maxAgeDays" form="col-${columnId}"[^>]*value="45"`));
    });

    it('refuses column rules to anyone but the city office, audited', async () => {
      let { res } = await supervisor.post(`/staff/supervision/website/columns/${columnId}`, {
        category: 'news',
        maxAgeDays: '1',
      });
      assert.equal(res.status, 403);
      ({ res } = await townHead.get('/staff/supervision/website/columns'));
      assert.equal(res.status, 403);
      assert.equal(await deniedFor('h-super', `POST /staff/supervision/website/columns/${columnId}`), 1);
      assert.equal((await ruleRow())?.max_age_days, 45);
    });
  });

  describe('scoping', () => {
    it('shows a town its own subtree only; other units are refused and the refusal audited', async () => {
      let { res, html } = await townHead.get('/staff/supervision?period=2026-Q1');
      assert.equal(res.status, 200);
      assert.match(html, /北镇/);
      assert.match(html, /北镇社区服务中心/);
      assert.ok(!html.includes('页面市交通局'), 'a town sees a city department');
      ({ res, html } = await townHead.get(`/staff/supervision/orgs/${village.id}?period=2026-Q1`));
      assert.equal(res.status, 200);
      assert.match(html, /HT-VIL-/);
      ({ res, html } = await townHead.get(`/staff/supervision/orgs/${dept.id}?period=2026-Q1`));
      assert.equal(res.status, 403);
      assert.ok(!html.includes('HT-DEPT-'));
      assert.equal(await deniedFor('h-townhead', `GET /staff/supervision/orgs/${dept.id}`), 1);
      ({ res } = await townHead.get(`/staff/supervision/website/orgs/${dept.id}`));
      assert.equal(res.status, 403);
      ({ res, html } = await townHead.get('/staff/supervision/assessment?period=2026-Q1'));
      assert.equal(res.status, 200);
      assert.ok(!html.includes('页面市交通局'));
      // Generating results is the city office's duty.
      ({ res } = await townHead.post('/staff/supervision/quarters', { quarter: '2025-Q4' }));
      assert.equal(res.status, 403);
      assert.equal(await deniedFor('h-townhead', 'POST /staff/supervision/quarters'), 1);
    });

    it('shows the city office every unit and its cases', async () => {
      const { res, html } = await supervisor.get('/staff/supervision?period=2026-Q1');
      assert.equal(res.status, 200);
      for (const name of ['页面市交通局', '北镇', '北镇社区服务中心']) assert.ok(html.includes(name), name);
      const drill = await supervisor.get(`/staff/supervision/orgs/${dept.id}?period=2026-Q1`);
      assert.equal(drill.res.status, 200);
      assert.match(drill.html, /HT-DEPT-/);
    });

    it('refuses a unit member without a supervision duty everywhere, audited', async () => {
      for (const path of [
        '/staff/supervision',
        '/staff/supervision/quarters',
        '/staff/supervision/website',
      ]) {
        const { res } = await handler.get(path);
        assert.equal(res.status, 403, path);
        assert.equal(await deniedFor('h-handler', `GET ${path}`), 1, path);
      }
      const { res } = await handler.get(`/staff/supervision/orgs/${dept.id}`);
      assert.equal(res.status, 403, 'a handler reads its own unit’s supervision page');
    });

    it('sends a signed-out visitor to the login page', async () => {
      const res = await t.app.request('/staff/supervision');
      assert.equal(res.status, 303);
      assert.match(res.headers.get('location') ?? '', /^\/staff\/login/);
    });
  });

  describe('CSRF', () => {
    it('refuses a form post without the token, with a wrong token or from another site, changing nothing', async () => {
      const before = await settingsRows();
      const post = (headers: Record<string, string>, body: Record<string, string>) =>
        t.app.request('/staff/supervision/settings', {
          method: 'POST',
          headers: { cookie: admin.cookies, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(body).toString(),
        });
      let res = await post({ origin: 'http://localhost' }, { dueSoonWorkdays: '1' });
      assert.equal(res.status, 403);
      res = await post({ origin: 'http://localhost' }, { _csrf: 'forged-token', dueSoonWorkdays: '1' });
      assert.equal(res.status, 403);
      res = await post({ origin: 'https://evil.example' }, { _csrf: admin.csrf, dueSoonWorkdays: '1' });
      assert.equal(res.status, 403);
      const quarter = await t.app.request('/staff/supervision/quarters/2026-Q1/review', {
        method: 'POST',
        headers: {
          cookie: admin.cookies,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'note=x',
      });
      assert.equal(quarter.status, 403);
      assert.deepEqual(await settingsRows(), before);
    });
  });
});
