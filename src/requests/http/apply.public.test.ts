import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent, createTestApp, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import {
  BAD_CHECKSUM_ID,
  CREDIT_CODE,
  fillApplication,
  GOOD_ID,
  PHONE,
  submitAndConfirm,
  title,
} from './apply.public.helpers.js';
import { seedPublicFixture } from '../../orgs/http/public.fixtures.js';
import { createSearchIndex } from '../../platform/search/search-index.js';
import { saveSettingValue } from '../requests.repository.js';
import { SUBMIT_LIMIT_SETTING } from './apply.public.routes.js';

describe('online application (public, no account)', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    await seedPublicFixture(t.database);
  });
  after(() => t.cleanup());

  it('explains the service on the start page and preselects an organisation from ?org=', async () => {
    const agent = createAgent(t);
    const start = await agent.get('/apply?org=jyj');
    assert.equal(start.res.status, 200);
    assert.match(start.html, /20个工作日/);
    assert.match(start.html, /href="\/apply\/organisation\?org=jyj"/);
    assert.match(start.html, /href="\/xxgk"/);
    const org = await agent.get('/apply/organisation?org=jyj');
    assert.match(org.html, /<option value="jyj" selected="">/);
    assert.match(org.html, /<optgroup label="市政府部门">/);
    assert.match(org.html, /<h1 class="question"><label for="f-orgCode">/);
    assert.doesNotMatch(org.html, /old-bureau/, 'inactive organisations are not offered');
    const filtered = await agent.get('/apply/organisation?q=%E6%96%B0%E5%AE%89');
    assert.match(filtered.html, /value="xinan"/);
    assert.doesNotMatch(filtered.html, /value="jyj"/);
  });

  it('re-shows a page with an error summary, the 错误： title and the input kept', async () => {
    const agent = createAgent(t);
    await agent.get('/apply/organisation');
    let r = await agent.post('/apply/organisation', { orgCode: '' });
    assert.equal(r.res.status, 400);
    assert.match(title(r.html), /^错误：/);
    assert.match(r.html, /class="error-summary"[\s\S]*href="#f-orgCode"[\s\S]*请选择您要申请的机关/);
    await agent.post('/apply/organisation', { orgCode: 'jyj' });
    await agent.post('/apply/applicant-type', { applicantType: 'natural_person' });
    r = await agent.post('/apply/identity', {
      name: '张三',
      idType: 'resident_id',
      idNumber: BAD_CHECKSUM_ID,
    });
    assert.equal(r.res.status, 400);
    assert.match(title(r.html), /^错误：/);
    assert.match(r.html, /最后一位校验码对不上/, 'the checksum problem is explained');
    assert.match(r.html, new RegExp(`value="${BAD_CHECKSUM_ID}"`), 'the number typed is kept');
    assert.match(r.html, /value="张三"/);
    r = await agent.post('/apply/identity', { name: '张三', idType: 'resident_id', idNumber: '12345' });
    assert.match(r.html, /应为18位/);
    // Contact: phone and address are needed, e-mail is optional.
    await agent.post('/apply/identity', { name: '张三', idType: 'resident_id', idNumber: GOOD_ID });
    r = await agent.post('/apply/contact', { phone: '', email: 'not-an-address', address: '' });
    assert.equal(r.res.status, 400);
    assert.match(r.html, /请填写联系电话/);
    assert.match(r.html, /请填写正确的电子邮箱/);
    assert.match(r.html, /请填写通信地址/);
    assert.match(r.html, /value="not-an-address"/);
    assert.match(r.html, /电子邮箱（选填）/);
    r = await agent.post('/apply/contact', { phone: PHONE, email: '', address: '示范市幸福路1号' });
    assert.equal(r.res.status, 303);
    r = await agent.post('/apply/information', { description: '   ' });
    assert.match(r.html, /请填写您需要的政府信息的名称、文号或描述/);
    await agent.post('/apply/information', { description: '某项信息' });
    r = await agent.post('/apply/delivery', { deliveryForm: 'paper', deliveryMethod: 'email' });
    assert.equal(r.res.status, 400);
    assert.match(r.html, /纸质信息只能邮寄或者到机关自取/);
    assert.match(r.html, /value="paper" checked=""/, 'the choice is kept');
    r = await agent.post('/apply/delivery', { deliveryForm: 'electronic', deliveryMethod: 'email' });
    assert.match(r.html, /您没有填写电子邮箱/);
  });

  it('checks an organisation’s unified social credit code and asks for a contact person', async () => {
    const agent = createAgent(t);
    await agent.get('/apply/organisation');
    await agent.post('/apply/organisation', { orgCode: 'fgw' });
    await agent.post('/apply/applicant-type', { applicantType: 'legal_service_org' });
    const page = await agent.get('/apply/identity');
    assert.match(page.html, /统一社会信用代码/);
    let r = await agent.post('/apply/identity', {
      name: '某律师事务所',
      creditCode: '91350100M000100Y44',
      contactPerson: '',
    });
    assert.equal(r.res.status, 400);
    assert.match(r.html, /最后一位校验码对不上/);
    assert.match(r.html, /请填写联系人/);
    r = await agent.post('/apply/identity', {
      name: '某律师事务所',
      creditCode: CREDIT_CODE.toLowerCase(),
      contactPerson: '李四',
    });
    assert.equal(r.res.status, 303);
  });

  it('sends a visitor who skips ahead back to the first unanswered question', async () => {
    const agent = createAgent(t);
    const r = await agent.get('/apply/contact');
    assert.equal(r.res.status, 303);
    assert.equal(r.res.headers.get('location'), '/apply/organisation');
    const check = await agent.get('/apply/check');
    assert.equal(check.res.headers.get('location'), '/apply/organisation');
  });

  it('keeps the answers server-side: only an HttpOnly cookie, no hidden fields, ID number encrypted at rest', async () => {
    const agent = createAgent(t);
    await agent.get('/apply/organisation');
    const r = await agent.post('/apply/organisation', { orgCode: 'jyj' });
    const setCookie = r.res.headers.getSetCookie().find((h) => h.startsWith('gk_apply='));
    assert.ok(setCookie && /HttpOnly/i.test(setCookie) && /Path=\/apply/i.test(setCookie));
    await agent.post('/apply/applicant-type', { applicantType: 'natural_person' });
    const contact = await agent.post('/apply/identity', {
      name: '王五',
      idType: 'resident_id',
      idNumber: GOOD_ID,
    });
    assert.equal(contact.res.status, 303);
    const page = await agent.get('/apply/contact');
    assert.doesNotMatch(page.html, /type="hidden" name="(?!_csrf)/);
    const rows = await t.database.db
      .selectFrom('application_drafts')
      .select(['data_json', 'expires_at'])
      .execute();
    assert.ok(rows.length > 0);
    for (const row of rows) assert.ok(!row.data_json.includes(GOOD_ID), 'no plain ID number in drafts');
  });

  it('offers catalog items matching the description before the final submit', async () => {
    const db = t.database.db;
    const org = await db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('code', '=', 'jyj')
      .executeTakeFirstOrThrow();
    await createSearchIndex(t.database).upsert(db, {
      id: 9001,
      orgId: org.id,
      orgPath: org.path,
      orgCode: 'jyj',
      indexNumber: 'JYJ/2025-00001',
      title: '关于2025年中小学校舍安全检查结果的通报',
      summary: '校舍安全检查',
      body: '全市中小学校舍安全检查结果',
      attachmentText: '',
      docNumber: null,
      keywords: [],
      columns: [],
      publishedOn: '2025-06-01',
      docType: 'other',
      effectiveOn: null,
      abolishedOn: null,
    });
    const agent = createAgent(t);
    await fillApplication(agent).catch(() => undefined);
    const s = await agent.get('/apply/suggestions');
    assert.equal(s.res.status, 200);
    assert.match(s.html, /href="\/xxgk\/jyj\/items\/JYJ%2F2025-00001"/);
    assert.match(s.html, /校舍安全检查/);
    assert.match(s.html, /href="\/apply\/check"[^>]*>没有我需要的信息，继续申请/);
  });

  it('submits: the confirmation shows the reference, the query code once, the receipt and due dates', async () => {
    const agent = createAgent(t);
    const check = await fillApplication(agent);
    assert.match(check, /提交前请核对您的申请/);
    assert.match(check, /href="\/apply\/identity\?change=1"/);
    assert.match(check, /张三/);
    const { reference, queryCode, html } = await submitAndConfirm(agent);
    assert.match(reference, /^[A-Z0-9]+-2026-\d{6}$/);
    assert.match(queryCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.match(html, /2026-03-02/, 'received on the submission day (Asia/Shanghai)');
    // 20 working days after Monday 2 March 2026.
    assert.match(html, /2026-03-30/);
    assert.match(html, /只在此页显示一次/);
    const app = await t.database.db
      .selectFrom('applications')
      .select(['channel', 'status', 'received_on', 'due_on'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(app.channel, 'online');
    assert.equal(app.due_on, '2026-03-30');
    // A change link after submission goes to the confirmation, not back into the form.
    const again = await agent.get('/apply/check');
    assert.equal(again.res.headers.get('location'), '/apply/confirmation');
    // No ID number or phone on any public page after submission.
    for (const path of ['/apply/confirmation', '/apply', '/apply/organisation']) {
      const page = await agent.get(path);
      assert.ok(
        !page.html.includes(GOOD_ID) && !page.html.includes(PHONE),
        `${path} carries no personal data`,
      );
    }
    const draft = await t.database.db
      .selectFrom('application_drafts')
      .select('data_json')
      .where('application_id', 'is not', null)
      .execute();
    for (const d of draft) assert.equal(d.data_json, '{}', 'a submitted draft keeps no answers');
  });

  it('quietly refuses a submit whose honeypot field was filled', async () => {
    const agent = createAgent(t);
    await fillApplication(agent);
    const before = await t.database.db.selectFrom('applications').select('id').execute();
    const r = await agent.post('/apply/submit', { website: 'http://spam.example' });
    assert.equal(r.res.status, 200);
    assert.match(r.html, /申请未能提交/);
    assert.doesNotMatch(r.html, /查询码/);
    const after = await t.database.db.selectFrom('applications').select('id').execute();
    assert.equal(after.length, before.length);
  });

  it('rate-limits submissions per address, with the limit staff configure', async () => {
    await saveSettingValue(t.database.db, SUBMIT_LIMIT_SETTING, 1, {
      userId: null,
      at: '2026-03-02T00:00:00.000Z',
    });
    await t.database.db.deleteFrom('application_submit_attempts').execute();
    const first = createAgent(t);
    await fillApplication(first);
    await submitAndConfirm(first);
    const second = createAgent(t);
    await fillApplication(second);
    const r = await second.post('/apply/submit', { website: '' });
    assert.equal(r.res.status, 429);
    assert.match(title(r.html), /^错误：/);
    assert.match(r.html, /提交的申请过多/);
    await saveSettingValue(t.database.db, SUBMIT_LIMIT_SETTING, 100, {
      userId: null,
      at: '2026-03-02T00:00:00.000Z',
    });
  });

  it('shows every question in English and traditional Chinese without a raw message key', async () => {
    const agent = createAgent(t);
    await fillApplication(agent);
    for (const lang of ['en', 'zh-TW']) {
      for (const path of [
        '/apply',
        '/apply/organisation',
        '/apply/applicant-type',
        '/apply/identity',
        '/apply/contact',
        '/apply/information',
        '/apply/delivery',
        '/apply/attachments',
        '/apply/check',
      ]) {
        const page = await agent.get(`${path}?lang=${lang}`);
        assert.equal(page.res.status, 200, `${path} in ${lang}`);
        assert.doesNotMatch(
          page.html,
          /\b(apply|track|requests)\.[a-z_]+\.[a-z_.]+/,
          `${path} in ${lang} has no raw key`,
        );
      }
    }
    const en = await agent.get('/apply/check?lang=en');
    assert.match(en.html, /Check your application before submitting/);
    const tw = await agent.get('/apply/check?lang=zh-TW');
    assert.match(tw.html, /提交前請核對您的申請/);
    await agent.get('/apply?lang=zh-CN');
  });

  it('refuses a form post without the CSRF token', async () => {
    const res = await t.app.request('/apply/organisation', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'orgCode=jyj',
    });
    assert.equal(res.status, 403);
  });
});

describe('online application attachments', () => {
  let t: TestApp;
  // The smallest PNG: its bytes say PNG whatever the name.
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

  before(async () => {
    t = await createTestApp();
    await seedPublicFixture(t.database);
  });
  after(() => t.cleanup());

  async function upload(
    agent: StaffAgent,
    files: Record<string, { bytes: Uint8Array; name: string; type: string }>,
  ) {
    const form = new FormData();
    form.set('_csrf', agent.csrf);
    for (const [field, f] of Object.entries(files))
      form.set(field, new File([f.bytes], f.name, { type: f.type }));
    const res = await t.app.request('/apply/attachments', {
      method: 'POST',
      headers: { cookie: agent.cookies, origin: 'http://localhost' },
      body: form,
    });
    return { res, html: await res.text() };
  }

  it('accepts a PNG ID copy, refuses a file whose content is not PDF/JPEG/PNG, and lists what is attached', async () => {
    const agent = createAgent(t);
    await fillApplication(agent);
    await agent.get('/apply/attachments?change=1');
    const bad = await upload(agent, {
      id_copy: { bytes: new TextEncoder().encode('#!/bin/sh\necho hi\n'), name: 'id.png', type: 'image/png' },
    });
    assert.equal(bad.res.status, 400);
    assert.match(bad.html, /只能上传 PDF、JPG 或 PNG 文件/);
    assert.match(title(bad.html), /^错误：/);
    await agent.get('/apply/attachments?change=1');
    const good = await upload(agent, {
      id_copy: { bytes: PNG, name: '身份证.png', type: 'application/octet-stream' },
    });
    assert.equal(good.res.status, 303);
    const check = await agent.get('/apply/check');
    assert.match(check.html, /身份证件复印件：身份证.png/);
    const { reference } = await submitAndConfirm(agent);
    const files = await t.database.db
      .selectFrom('application_files')
      .innerJoin('applications', 'applications.id', 'application_files.application_id')
      .select(['application_files.kind', 'application_files.content_type'])
      .where('applications.reference', '=', reference)
      .execute();
    assert.deepEqual(files, [{ kind: 'id_copy', content_type: 'image/png' }]);
  });
});
