import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { PUBLIC_FIXTURE as F, seedPublicFixture } from './public.fixtures.js';

/** The text of a page without its markup, for "does this appear anywhere" checks. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('public 政府信息公开 pages', () => {
  let t: TestApp;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { headers });
    return { status: res.status, html: await res.text() };
  };

  before(async () => {
    t = await createTestApp();
    // Seeded before the first request: the site name is cached per database.
    await seedPublicFixture(t.database);
  });
  after(() => t.cleanup());

  it('lists the organisations grouped by kind, each with its sub-offices, leaving out inactive ones', async () => {
    const { status, html } = await get('/xxgk');
    assert.equal(status, 200);
    const gov = html.indexOf('id="government"');
    const depts = html.indexOf('id="departments"');
    const towns = html.indexOf('id="towns"');
    assert.ok(gov > 0 && gov < depts && depts < towns, 'groups in order: government, departments, towns');
    const deptSection = html.slice(depts, towns);
    const townSection = html.slice(towns);
    assert.match(deptSection, /href="\/xxgk\/fgw"/);
    assert.match(deptSection, /href="\/xxgk\/jyj"/);
    assert.match(deptSection, /class="sub-list"[\s\S]*href="\/xxgk\/jyj-kszx"/);
    assert.match(townSection, /href="\/xxgk\/xinan"/);
    assert.match(townSection, /href="\/xxgk\/xinan-dzb"/);
    assert.match(townSection, /href="\/xxgk\/beishan"/);
    assert.doesNotMatch(deptSection, /href="\/xxgk\/xinan"/);
    assert.doesNotMatch(html, /old-bureau|已撤销局/);
    assert.equal(html.match(/<h1[ >]/g)?.length, 1);
  });

  it('shows every fact of a complete guide under the headings 条例第十二条 requires', async () => {
    const { status, html } = await get('/xxgk/city/guide');
    assert.equal(status, 200);
    for (const value of [
      F.city.facts.office_name,
      F.city.facts.address,
      F.city.facts.postcode,
      F.city.facts.office_hours,
      F.city.facts.phone,
      F.city.facts.fax,
      F.city.facts.email,
      F.city.facts.website,
    ]) {
      assert.ok(html.includes(value), `guide shows ${value}`);
    }
    assert.match(html, /href="mailto:xxgk@city\.example\.gov\.cn"/);
    for (const heading of [
      '信息分类',
      '编排体系',
      '获取方式',
      '主动公开',
      '依申请公开',
      '政府信息公开工作机构',
    ]) {
      assert.ok(html.includes(heading), `guide has ${heading}`);
    }
    assert.doesNotMatch(html, /未提供/);
    assert.match(html, /<caption>政府信息公开工作机构及联系方式<\/caption>/);
    assert.match(html, /<th scope="row">联系电话<\/th>/);
    // The online channel links to the application form with this organisation chosen.
    assert.match(html, /href="\/apply\?org=city"/);
  });

  it('says 未提供 for each fact an organisation has not given, and invents none', async () => {
    const { html } = await get('/xxgk/fgw/guide');
    assert.ok(html.includes(F.partial.officeName));
    assert.ok(html.includes(F.partial.phone));
    const byLabel = new Map<string, string>(
      [...html.matchAll(/<th scope="row">([^<]+)<\/th><td>([\s\S]*?)<\/td>/g)].map((m) => [
        m[1]!,
        textOf(m[2]!).trim(),
      ]),
    );
    assert.equal(byLabel.get('政府信息公开工作机构'), F.partial.officeName);
    assert.equal(byLabel.get('联系电话'), F.partial.phone);
    for (const label of ['办公地址', '邮政编码', '办公时间', '传真号码', '电子邮箱', '网站']) {
      assert.equal(byLabel.get(label), '未提供', `${label} is 未提供`);
    }
    assert.match(html, /尚未在本平台登记/);
  });

  it('arranges 法定主动公开内容 by the fifteen items of 条例第二十条, each honestly empty', async () => {
    const { status, html } = await get('/xxgk/fgw/statutory');
    assert.equal(status, 200);
    for (let i = 1; i <= 15; i++) assert.match(html, new RegExp(`<h2 id="item-${i}"`));
    assert.doesNotMatch(html, /id="item-16"/, 'a department has no 第二十一条 item');
    assert.match(html, /（一）行政法规、规章和规范性文件/);
    assert.match(html, /（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息/);
    assert.equal(html.match(/<p class="empty-state">暂无信息<\/p>/g)?.length, 15);
    // The city government also carries 第二十一条's item.
    assert.match((await get('/xxgk/city/statutory')).html, /id="item-16"[^>]*>《条例》第二十一条/);
  });

  it('renders the column front page, rules and annual reports with sub-column navigation and breadcrumbs', async () => {
    const home = await get('/xxgk/xinan-dzb');
    assert.equal(home.status, 200);
    assert.match(
      home.html,
      /<nav class="breadcrumbs"[\s\S]*href="\/xxgk"[\s\S]*href="\/xxgk\/city"[\s\S]*href="\/xxgk\/xinan"/,
    );
    assert.match(home.html, /上级机关[\s\S]*href="\/xxgk\/xinan"/);
    for (const path of ['guide', 'rules', 'statutory', 'annual-reports']) {
      assert.match(home.html, new RegExp(`href="/xxgk/xinan-dzb/${path}"`));
    }
    const rules = await get('/xxgk/xinan-dzb/rules');
    assert.equal(rules.status, 200);
    assert.match(
      rules.html,
      /<h1><span class="caption">新安街道党政综合办公室<\/span>政府信息公开制度<\/h1>/,
    );
    assert.match(
      rules.html,
      /aria-current="page"[^>]*>政府信息公开制度|href="\/xxgk\/xinan-dzb\/rules" aria-current="page"/,
    );
    assert.match(rules.html, /暂无信息/);
    const reports = await get('/xxgk/xinan-dzb/annual-reports');
    assert.equal(reports.status, 200);
    assert.match(reports.html, /政府信息公开年报/);
    assert.match(reports.html, /暂无信息/);
    const parent = await get('/xxgk/jyj');
    assert.match(parent.html, /下属机构[\s\S]*href="\/xxgk\/jyj-kszx"/);
  });

  it('answers 404 for an unknown, malformed or inactive organisation', async () => {
    for (const path of [
      '/xxgk/nope',
      '/xxgk/nope/guide',
      '/xxgk/NOT_A_CODE',
      '/xxgk/old-bureau',
      '/xxgk/old-bureau/guide',
    ]) {
      const { status, html } = await get(path);
      assert.equal(status, 404, path);
      assert.match(html, /页面不存在/);
    }
  });

  it('renders traditional Chinese with zh-TW, keeping the legal term 政府信息公開', async () => {
    const { html } = await get('/xxgk/city/guide?lang=zh-TW');
    assert.match(html, /<html lang="zh-TW"/);
    assert.match(html, /政府信息公開指南/);
    assert.match(html, /示範市人民政府/);
    assert.doesNotMatch(html, /政府信息公开指南/);
    assert.match(html, /href="\/xxgk\/city\/rules"/, 'URLs are untouched by conversion');
    const missing = await get('/xxgk/fgw/guide', { cookie: 'lang=zh-TW' });
    assert.match(missing.html, /未提供/);
    assert.match(missing.html, /暫無|聯繫電話/);
  });

  it('renders English, with English names where they exist and Chinese ones marked as such', async () => {
    const { html } = await get('/xxgk/jyj/guide?lang=en');
    assert.match(html, /<html lang="en"/);
    assert.match(html, /Disclosure guide/);
    assert.ok(html.includes('Shifan Education Bureau'));
    assert.ok(html.includes('Shifan Municipal People’s Government'), 'site name and breadcrumb in English');
    assert.match(html, /Not provided/);
    const dir = await get('/xxgk?lang=en');
    assert.match(dir.html, /Towns and streets/);
    assert.match(dir.html, /<span lang="zh-CN">新安街道办事处<\/span>/);
  });

  it('never shows a staff account’s username, name or e-mail on a public page', async () => {
    const paths = ['/', '/xxgk'];
    for (const code of ['city', 'fgw', 'jyj', 'xinan', 'xinan-dzb']) {
      for (const sub of ['', '/guide', '/rules', '/statutory', '/annual-reports'])
        paths.push(`/xxgk/${code}${sub}`);
    }
    for (const path of paths) {
      for (const lang of ['zh-CN', 'en']) {
        const { status, html } = await get(`${path}?lang=${lang}`);
        assert.equal(status, 200, path);
        for (const secret of [F.staff.username, F.staff.displayName, F.staff.email]) {
          assert.ok(!html.includes(secret), `${path} must not show ${secret}`);
        }
      }
    }
  });
});
