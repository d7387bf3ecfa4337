import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent, createTestApp, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import { seedPublicFixture } from '../../orgs/http/public.fixtures.js';
import { systemPrincipal } from '../../platform/auth/principal.js';
import { requestDepsOf } from '../request-deps.js';
import { requestCorrection } from '../request-correction.js';
import { findApplicationByReference } from '../requests.repository.js';
import { fillApplication, GOOD_ID, PHONE, submitAndConfirm, textOf, title } from './apply.public.helpers.js';

describe('tracking an application (public, reference + query code)', () => {
  let t: TestApp;
  let first: { reference: string; queryCode: string };
  let second: { reference: string; queryCode: string };
  const seen: string[] = [];

  async function track(agent: StaffAgent, reference: string, queryCode: string) {
    await agent.get('/track');
    return agent.post('/track', { reference, queryCode });
  }

  const generalError = (html: string) =>
    /<div class="error-summary"[\s\S]*?<ul><li>([^<]*)<\/li>/.exec(html)?.[1];

  before(async () => {
    t = await createTestApp();
    await seedPublicFixture(t.database);
    const a = createAgent(t);
    await fillApplication(a);
    first = await submitAndConfirm(a);
    const b = createAgent(t);
    await fillApplication(b, { description: '另一项信息' });
    second = await submitAndConfirm(b);
  });
  after(() => t.cleanup());

  it('shows the status, the timeline, the due date and how it was worked out, after the right code', async () => {
    const agent = createAgent(t);
    const r = await track(agent, first.reference.toLowerCase(), first.queryCode.replace(/-/g, ''));
    assert.equal(r.res.status, 303);
    assert.equal(r.res.headers.get('location'), '/track/status');
    const cookie = r.res.headers.getSetCookie().find((h) => h.startsWith('gk_track='));
    assert.ok(
      cookie && /HttpOnly/i.test(cookie) && /Path=\/track/i.test(cookie),
      'a short-lived HttpOnly cookie',
    );
    assert.ok(!cookie.includes(first.queryCode), 'the code is sealed, not readable in the cookie');
    const page = await agent.get('/track/status');
    assert.equal(page.res.status, 200);
    seen.push(page.html);
    assert.match(page.html, new RegExp(first.reference));
    assert.match(page.html, /办理中/);
    assert.match(page.html, /2026-03-02[\s\S]*收到申请/);
    assert.match(page.html, /2026-03-30/);
    assert.match(page.html, /答复期限是怎样算出来的/);
    assert.match(page.html, /<ol class="explanation">[\s\S]*计入20个工作日|累计20个/);
    assert.match(page.html, /第20个工作日是2026-03-30/);
    assert.doesNotMatch(page.html, new RegExp(first.queryCode), 'the query code is never shown again');
  });

  it('answers a wrong query code exactly as an unknown reference, and audits it', async () => {
    const agent = createAgent(t);
    const wrong = await track(agent, first.reference, 'AAAA-BBBB-CCCC');
    const unknown = await track(agent, 'SF-2026-999999', 'AAAA-BBBB-CCCC');
    assert.equal(wrong.res.status, 400);
    assert.equal(unknown.res.status, wrong.res.status);
    assert.ok(generalError(wrong.html));
    assert.equal(generalError(wrong.html), generalError(unknown.html));
    assert.match(title(wrong.html), /^错误：/);
    assert.doesNotMatch(wrong.html, /AAAA-BBBB-CCCC/, 'the code typed is not shown back');
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'request.access_refused')
      .execute();
    assert.ok(audits.length >= 2);
  });

  it('throttles repeated wrong codes for one reference', async () => {
    const agent = createAgent(t);
    let last = { res: new Response(), html: '' };
    for (let i = 0; i < 7; i++) last = await track(agent, second.reference, `ZZZZ-ZZZZ-ZZZ${i}`);
    assert.equal(last.res.status, 429);
    assert.match(last.html, /查询次数过多/);
    // While throttled, even the right code waits.
    const right = await track(agent, second.reference, second.queryCode);
    assert.equal(right.res.status, 429);
    await t.database.db.deleteFrom('request_track_attempts').execute();
  });

  it('answers a correction request online: the clock restarts', async () => {
    const app = await findApplicationByReference(t.database.db, first.reference);
    const ctx = { database: t.database, principal: systemPrincipal(), meta: {}, now: t.clock.now() };
    await requestCorrection(ctx, requestDepsOf({ config: t.config, mailer: t.deps.mailer }), {
      applicationId: app!.id,
      items: ['请说明需要哪一学年的检查结果'],
      correctionDueOn: '2026-03-16',
    });
    const agent = createAgent(t);
    await track(agent, first.reference, first.queryCode);
    const status = await agent.get('/track/status');
    assert.match(status.html, /等待补正/);
    assert.match(status.html, /请说明需要哪一学年的检查结果/);
    assert.match(status.html, /href="\/track\/correction"/);
    const form = await agent.get('/track/correction');
    assert.equal(form.res.status, 200);
    assert.match(form.html, /<h1 class="question"><label for="f-text">/);
    const empty = await agent.post('/track/correction', { text: '' });
    assert.equal(empty.res.status, 400);
    assert.match(empty.html, /请填写补正的内容/);
    const sent = await agent.post('/track/correction', { text: '需要2025—2026学年的检查结果' });
    assert.equal(sent.res.status, 303);
    const after = await agent.get('/track/status?done=corrected');
    seen.push(after.html);
    assert.match(after.html, /已收到您的补正/);
    assert.match(after.html, /收到您的补正，答复期限重新计算/);
    assert.doesNotMatch(after.html, /href="\/track\/correction"/);
  });

  it('withdraws an application after a confirmation page, and then offers no withdrawal', async () => {
    const agent = createAgent(t);
    await track(agent, second.reference, second.queryCode);
    const status = await agent.get('/track/status');
    assert.match(status.html, /href="\/track\/withdraw"/);
    const confirm = await agent.get('/track/withdraw');
    assert.equal(confirm.res.status, 200);
    assert.match(confirm.html, /确定要撤回申请吗/);
    const done = await agent.post('/track/withdraw', { reason: '' });
    assert.equal(done.res.status, 303);
    const after = await agent.get('/track/status?done=withdrawn');
    seen.push(after.html);
    assert.match(after.html, /已撤回/);
    assert.match(after.html, /您撤回了申请/);
    assert.doesNotMatch(after.html, /href="\/track\/withdraw"/);
    const again = await agent.get('/track/withdraw');
    assert.equal(again.res.headers.get('location'), '/track/status');
  });

  it('shows the tracking pages in English without a raw message key', async () => {
    const agent = createAgent(t);
    await track(agent, first.reference, first.queryCode);
    for (const path of ['/track?lang=en', '/track/status?lang=en', '/track/status?lang=zh-TW']) {
      const page = await agent.get(path);
      assert.equal(page.res.status, 200, path);
      assert.doesNotMatch(page.html, /\b(apply|track|requests)\.[a-z_]+\.[a-z_.]+/, `${path} has no raw key`);
    }
    const en = await agent.get('/track/status?lang=en');
    assert.match(en.html, /How the answer date was worked out/);
    await agent.get('/track?lang=zh-CN');
  });

  it('sends a visitor without a tracking session to the lookup form, and signs out', async () => {
    const agent = createAgent(t);
    const r = await agent.get('/track/status');
    assert.equal(r.res.headers.get('location'), '/track');
    await track(agent, first.reference, first.queryCode);
    const out = await agent.post('/track/sign-out', {});
    assert.equal(out.res.headers.get('location'), '/track?signed_out=1');
    const gone = await agent.get('/track/status');
    assert.equal(gone.res.headers.get('location'), '/track');
  });

  it('never shows the ID number or the phone number on any public page after submission', () => {
    assert.ok(seen.length >= 3);
    for (const html of seen) {
      const text = textOf(html);
      assert.ok(!html.includes(GOOD_ID) && !text.includes(GOOD_ID), 'no ID number');
      assert.ok(!html.includes(PHONE) && !text.includes(PHONE), 'no phone number');
    }
  });
});
