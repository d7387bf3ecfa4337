import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { seedPublicFixture } from '../../orgs/http/public.fixtures.js';

describe('home page', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedPublicFixture(t.database);
  });
  after(() => t.cleanup());

  it('names the city and leads into its column, the directory and each kind of organisation', async () => {
    const res = await t.app.request('/');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<title>首页 - 示范市人民政府<\/title>/);
    assert.match(html, /<h1><span class="caption">示范市人民政府<\/span>政府信息公开平台<\/h1>/);
    assert.match(html, /href="\/xxgk\/city"/);
    assert.match(html, /href="\/xxgk"/);
    for (const group of ['government', 'departments', 'towns']) {
      assert.match(html, new RegExp(`href="/xxgk#${group}"`));
    }
    assert.match(html, /市政府部门[\s\S]*?2 个/, 'two active departments');
    assert.match(html, /镇（街道）[\s\S]*?2 个/);
    assert.match(html, /<main id="main"/);
    assert.equal(html.match(/<h1[ >]/g)?.length, 1);
  });

  it('offers the search box and the ways to apply online and to track an application', async () => {
    const html = await (await t.app.request('/')).text();
    assert.match(html, /<form[^>]*action="\/search"[^>]*role="search"/);
    assert.match(html, /<label for="home-q">搜索政府信息<\/label>/);
    assert.match(html, /<a class="entry-link" href="\/apply">在线申请<\/a>/);
    assert.match(html, /<a class="entry-link" href="\/track">查询办理进度<\/a>/);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    // Every local link on the page answers (the staff login belongs to the back office).
    for (const href of new Set(hrefs.filter((h) => h.startsWith('/') && !h.startsWith('/staff')))) {
      const res = await t.app.request(href.split('#')[0]!);
      assert.ok(res.status === 200 || res.status === 303, `${href} answers ${res.status}`);
    }
  });

  it('renders in traditional Chinese and in English', async () => {
    const tw = await (await t.app.request('/?lang=zh-TW')).text();
    assert.match(tw, /政府信息公開平臺/);
    assert.match(tw, /示範市人民政府/);
    const en = await (await t.app.request('/?lang=en')).text();
    assert.match(
      en,
      /<h1><span class="caption">Shifan Municipal People’s Government<\/span>Government Information Disclosure<\/h1>/,
    );
    assert.match(en, /Apply online/);
  });
});

describe('home page before any organisation exists', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.cleanup());

  it('explains that no organisations are registered yet', async () => {
    const res = await t.app.request('/');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /尚未登记任何机构/);
    assert.match(await (await t.app.request('/xxgk')).text(), /尚未登记任何机构/);
  });
});
