import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { AppEnv } from '../../platform/http/env.js';
import {
  CATALOG_FIXTURE as F,
  CITY_NOTICES,
  seedCatalogFixture,
  type SeededCatalog,
} from './catalog.public.fixtures.js';
import { contentDisposition, itemPath } from './catalog.public.view.js';
import { sitemapBody } from './sitemap.public.js';

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** The item titles of a listing page, in order. */
function titlesOf(html: string): string[] {
  return [...html.matchAll(/class="item-title"[^>]*>([^<]+)</g)].map((m) => m[1]!);
}

const UNPUBLISHED = [F.draft.title, F.submitted.title, F.withdrawn.title];

describe('public catalog pages, item pages, downloads, feeds and sitemap', () => {
  let t: TestApp;
  let seeded: SeededCatalog;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { headers });
    return { res, status: res.status, html: await res.text() };
  };

  before(async () => {
    t = await createTestApp();
    seeded = await seedCatalogFixture(t.database, t.deps.storage);
  });
  after(() => t.cleanup());

  describe('listings', () => {
    it('lists every published item of the city, newest first, 20 to a page, and nothing unpublished', async () => {
      const total = 4 + CITY_NOTICES;
      const first = await get('/xxgk/catalog');
      assert.equal(first.status, 200);
      assert.match(first.html, new RegExp(`共 ${total} 条`));
      const page1 = titlesOf(first.html);
      assert.equal(page1.length, 20);
      assert.equal(page1[0], F.townNotice.title, 'the newest (2026-02-01) comes first');
      assert.match(first.html, /href="\/xxgk\/catalog\?page=2" rel="next"/);
      const second = await get('/xxgk/catalog?page=2');
      const page2 = titlesOf(second.html);
      assert.equal(page2.length, total - 20);
      assert.equal(page2.at(-1), F.rule.title, 'the oldest (2024) comes last');
      assert.match(second.html, /第 2 页，共 2 页/);
      for (const html of [first.html, second.html]) {
        for (const title of UNPUBLISHED) assert.ok(!html.includes(title), `${title} is not listed`);
      }
      assert.equal(first.html.match(/<h1[ >]/g)?.length, 1);
    });

    it("lists an organisation's items with those of the offices under it, not its parent's or siblings'", async () => {
      const jyj = await get('/xxgk/jyj/items');
      assert.equal(jyj.status, 200);
      assert.deepEqual(titlesOf(jyj.html), [F.schoolPlan.title], 'jyj-kszx belongs to jyj');
      const fgw = await get('/xxgk/fgw/items');
      assert.deepEqual(titlesOf(fgw.html), [F.budget.title, F.rule.title]);
      const office = await get('/xxgk/jyj-kszx/items');
      assert.deepEqual(titlesOf(office.html), [F.schoolPlan.title]);
      assert.match(fgw.html, /<a href="\/xxgk\/fgw">示范市发展和改革委员会<\/a>/, 'breadcrumbs lead back');
    });

    it('filters by column and by year, keeping both filters across pages', async () => {
      const byColumn = await get('/xxgk/catalog?column=art20_7');
      assert.deepEqual(
        titlesOf(byColumn.html),
        [F.budget.title],
        'withdrawn and draft budget items left out',
      );
      assert.match(byColumn.html, /<option value="art20_7" selected="">财政预算、决算信息（1）<\/option>/);
      const byYear = await get('/xxgk/fgw/items?year=2024');
      assert.deepEqual(titlesOf(byYear.html), [F.rule.title]);
      const both = await get('/xxgk/catalog?column=art20_10&year=2025');
      assert.match(both.html, new RegExp(`共 ${CITY_NOTICES} 条`));
      assert.match(both.html, /href="\/xxgk\/catalog\?column=art20_10&amp;year=2025&amp;page=2"/);
      const none = await get('/xxgk/catalog?column=art20_10&year=2024');
      assert.match(none.html, /暂无符合条件的已公开信息/);
      assert.match(none.html, /共 0 条/);
    });

    it('ignores nonsense filters instead of failing, and answers 404 for an unknown organisation', async () => {
      for (const q of [
        'column=no-such',
        'year=abcd',
        'page=-3',
        'page=99999999',
        'column=%27%20or%201=1--',
      ]) {
        const { status } = await get(`/xxgk/catalog?${q}`);
        assert.equal(status, 200, q);
      }
      assert.equal((await get('/xxgk/nobody/items')).status, 404);
      assert.equal((await get('/xxgk/old-bureau/items')).status, 404, 'inactive organisation');
    });

    it('links the catalog from the column front page and lists published items in the statutory column', async () => {
      const home = await get('/xxgk/fgw');
      assert.match(home.html, /href="\/xxgk\/fgw\/items"/);
      const { html } = await get('/xxgk/fgw/statutory');
      const section7 = html.slice(html.indexOf('id="item-7"'), html.indexOf('id="item-8"'));
      assert.ok(section7.includes(F.budget.title), 'the budget is under (七)');
      assert.ok(!section7.includes('暂无信息'));
      assert.ok(!section7.includes(F.withdrawn.title) && !section7.includes(F.draft.title));
      const section1 = html.slice(html.indexOf('id="item-1"'), html.indexOf('id="item-2"'));
      assert.ok(section1.includes(F.rule.title));
      const section3 = html.slice(html.indexOf('id="item-3"'), html.indexOf('id="item-4"'));
      assert.ok(section3.includes('暂无信息'), 'an empty item still says so');
      const city = await get('/xxgk/city/statutory');
      const section10 = city.html.slice(city.html.indexOf('id="item-10"'), city.html.indexOf('id="item-11"'));
      assert.equal(titlesOf(section10).length, 5, 'the latest five');
      assert.match(
        section10,
        new RegExp(`href="/xxgk/city/items\\?column=art20_10">查看本项全部 ${CITY_NOTICES} 条`),
      );
    });

    it('offers Atom and RSS feeds in the head and on the page', async () => {
      const { html } = await get('/xxgk/fgw/items?column=art20_7');
      assert.match(
        html,
        /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/xxgk\/fgw\/feed\.atom\?column=art20_7"/,
      );
      assert.match(
        html,
        /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="\/xxgk\/fgw\/feed\.rss\?column=art20_7"/,
      );
      const city = await get('/xxgk/catalog');
      assert.match(city.html, /href="\/xxgk\/catalog\/feed\.atom"/);
    });

    it('shows English column names on English pages and converts to traditional Chinese for zh-TW', async () => {
      const en = await get('/xxgk/catalog?lang=en');
      assert.match(en.html, />Budgets and final accounts \(1\)<\/option>/);
      assert.match(en.html, /<h1>.*Disclosure catalog<\/h1>/);
      const tw = await get('/xxgk/catalog?lang=zh-TW');
      assert.match(tw.html, /政府信息公開目錄/);
    });
  });

  describe('item pages', () => {
    it('shows the metadata block, the text and the attachments of a published item', async () => {
      const { status, html } = await get(itemPath('fgw', F.budget.indexNumber));
      assert.equal(status, 200);
      assert.equal(itemPath('fgw', F.budget.indexNumber), '/xxgk/fgw/items/SFFGW001/2025-00001');
      const meta = html.slice(html.indexOf('<dl class="facts">'), html.indexOf('</dl>'));
      const pairs = [...meta.matchAll(/<dt>([^<]+)<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [
        m[1],
        textOf(m[2]!).trim(),
      ]);
      assert.deepEqual(Object.fromEntries(pairs), {
        索引号: F.budget.indexNumber,
        分类: '统计数据类；财政预算、决算信息；财政预决算和&quot;三公&quot;经费',
        主题分类: '无',
        发布机构: '示范市发展和改革委员会',
        成文日期: '2025-02-01',
        发布日期: '2025-02-10',
        文号: '示发改〔2025〕12号',
        主题词: '预算；三公经费',
        名称: F.budget.title,
      });
      assert.match(html, /<h1>示范市发展和改革局2025年部门预算公开<\/h1>/);
      assert.match(html, /拆迁补偿支出另行公开/);
      assert.match(html, /公开本局2025年部门收支预算/);
      const attId = seeded.attachmentIds.budget!;
      assert.match(
        html,
        new RegExp(
          `<a href="/files/${seeded.items.budget.id}/${attId}" download="">.*2025年部门预算表（终稿）\\.pdf`,
        ),
      );
      assert.match(html, /PDF，\d+ B/);
      // Nothing of the workflow: no review opinion, no staff ids.
      assert.ok(!html.includes('审查意见'));
    });

    it('shows the validity of a normative document and a banner once it is abolished', async () => {
      const { html } = await get(itemPath('fgw', F.rule.indexNumber));
      // The test clock is 2026-03-02: abolished on 2025-12-31.
      assert.match(html, /class="notice-alert" role="note"><strong>本文件已于 2025-12-31 废止/);
      assert.match(html, /<dt>有效性<\/dt><dd>已废止/);
      const other = await get(itemPath('fgw', F.budget.indexNumber));
      assert.ok(!other.html.includes('<dt>有效性</dt>'), 'an ordinary document has no validity row');
    });

    it('answers 410 with the date and reason for a withdrawn item, and 404 for drafts and unknown numbers', async () => {
      const withdrawn = await get(itemPath('fgw', F.withdrawn.indexNumber));
      assert.equal(withdrawn.status, 410);
      assert.match(withdrawn.html, /该信息已于 2026-02-20 撤销，原因：数据有误，已更正后重新发布/);
      assert.ok(!withdrawn.html.includes('撤回附件'), 'no attachments of a withdrawn item');
      assert.equal((await get(itemPath('fgw', F.submitted.indexNumber))).status, 404, 'waiting for review');
      assert.equal((await get('/xxgk/fgw/items/SFFGW001/2099-00001')).status, 404);
      assert.equal((await get(itemPath('jyj', F.budget.indexNumber))).status, 404, 'another organisation');
      assert.equal((await get('/xxgk/fgw/items/%00')).status, 404);
      assert.equal((await get('/xxgk/fgw/items/%E0%A4%A')).status, 404, 'malformed percent-encoding');
    });

    it('renders the item page in English with the labels translated and the content marked as Chinese', async () => {
      const { html } = await get(`${itemPath('fgw', F.budget.indexNumber)}?lang=en`);
      assert.match(html, /<dt>Index number<\/dt>/);
      assert.match(html, /<dt>Date published<\/dt><dd>2025-02-10<\/dd>/);
      assert.match(html, /Budgets and final accounts/);
      assert.match(html, /<h1 lang="zh-CN">/);
    });
  });

  describe('attachment downloads', () => {
    it('streams a published item’s attachment with its type, an RFC 5987 file name and nosniff', async () => {
      const { res, html } = await get(`/files/${seeded.items.budget.id}/${seeded.attachmentIds.budget}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      const disposition = res.headers.get('content-disposition')!;
      assert.match(disposition, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      assert.ok(disposition.includes(encodeURIComponent('2025年部门预算表').replace(/%/g, '%')));
      assert.match(disposition, /%EF%BC%88%E7%BB%88%E7%A8%BF%EF%BC%89\.pdf$/, 'full-width brackets encoded');
      assert.equal(html, '%PDF-1.4\n% demo budget table\n');
    });

    it('refuses attachments of unpublished or withdrawn items, and mismatched ids', async () => {
      const { items, attachmentIds } = seeded;
      assert.equal((await get(`/files/${items.submitted.id}/${attachmentIds.submitted}`)).status, 404);
      assert.equal((await get(`/files/${items.withdrawn.id}/${attachmentIds.withdrawn}`)).status, 404);
      assert.equal((await get(`/files/${items.rule.id}/${attachmentIds.budget}`)).status, 404, 'wrong item');
      assert.equal((await get('/files/abc/1')).status, 404);
      assert.equal((await get('/files/1/99999999999999')).status, 404);
    });

    it('encodes file names safely in Content-Disposition', () => {
      assert.equal(
        contentDisposition('a"b\\c/d\r\n.pdf'),
        'attachment; filename="a_b_c_d__.pdf"; filename*=UTF-8\'\'a_b_c_d__.pdf',
      );
      assert.equal(
        contentDisposition("预算(草案)'.xlsx"),
        "attachment; filename=\"__(__)'.xlsx\"; filename*=UTF-8''%E9%A2%84%E7%AE%97%28%E8%8D%89%E6%A1%88%29%27.xlsx",
      );
    });
  });

  describe('feeds', () => {
    it('serves a valid Atom feed of an organisation with the latest published items only', async () => {
      const { res, html: xml } = await get('/xxgk/fgw/feed.atom');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/atom\+xml/);
      assert.match(
        xml,
        /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
      );
      assert.match(xml, /<\/feed>\s*$/);
      const entries = [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
      assert.equal(entries.length, 2);
      assert.ok(entries[0]!.includes(F.budget.title), 'newest first');
      assert.match(
        entries[0]!,
        /<link href="http:\/\/localhost:\d+\/xxgk\/fgw\/items\/SFFGW001\/2025-00001"\/>/,
      );
      for (const title of UNPUBLISHED) assert.ok(!xml.includes(title));
    });

    it('serves RSS per column and city-wide, and 404 for an unknown column', async () => {
      const { res, html: xml } = await get('/xxgk/catalog/feed.rss?column=art20_7');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/rss\+xml/);
      assert.match(xml, /<rss version="2.0"/);
      const items = [...xml.matchAll(/<item>[\s\S]*?<\/item>/g)];
      assert.equal(items.length, 1);
      assert.ok(xml.includes(F.budget.title));
      for (const title of UNPUBLISHED) assert.ok(!xml.includes(title));
      const city = await get('/xxgk/catalog/feed.atom');
      assert.equal([...city.html.matchAll(/<entry>/g)].length, 4 + CITY_NOTICES);
      assert.equal((await get('/xxgk/catalog/feed.atom?column=nope')).status, 404);
      assert.equal((await get('/xxgk/nobody/feed.rss')).status, 404);
    });
  });

  describe('sitemap', () => {
    it('lists the home page, the directory, the column pages and every published item, nothing else', async () => {
      const { res, html: xml } = await get('/sitemap.xml');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/xml/);
      assert.match(xml, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
      const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
      for (const path of [
        '/',
        '/xxgk',
        '/xxgk/catalog',
        '/xxgk/fgw',
        '/xxgk/fgw/statutory',
        '/xxgk/xinan-dzb/items',
      ]) {
        assert.ok(locs.includes(path), path);
      }
      assert.ok(!locs.some((p) => p.startsWith('/xxgk/old-bureau')), 'no inactive organisation');
      const items = locs.filter((p) => p.includes('/items/'));
      assert.equal(items.length, 4 + CITY_NOTICES);
      assert.ok(items.includes('/xxgk/fgw/items/SFFGW001/2025-00001'));
      assert.ok(!items.includes('/xxgk/fgw/items/SFFGW001/2025-00003'), 'withdrawn');
      assert.ok(!items.includes('/xxgk/fgw/items/SFFGW001/2026-00099'), 'waiting for review');
      assert.match(xml, /<lastmod>2026-02-01<\/lastmod>/);
    });

    it('becomes a sitemap index over slices when there are more URLs than one sitemap may hold', async () => {
      const app = new Hono<AppEnv>();
      app.get('/:part', async (c) => {
        const part = c.req.param('part');
        const body = await sitemapBody(t.database.db, {
          publicUrl: 'https://gk.example',
          maxUrls: 10,
          part:
            part === 'root'
              ? { kind: 'root' }
              : part === 'pages'
                ? { kind: 'pages' }
                : { kind: 'items', n: Number(part) },
        });
        return body ? c.body(body) : c.notFound();
      });
      const root = await (await app.request('/root')).text();
      assert.match(root, /<sitemapindex/);
      const parts = [...root.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      const slices = Math.ceil((4 + CITY_NOTICES) / 10);
      assert.deepEqual(parts, [
        'https://gk.example/sitemap-pages.xml',
        ...Array.from({ length: slices }, (_, i) => `https://gk.example/sitemap-items-${i + 1}.xml`),
      ]);
      const seen: string[] = [];
      for (let n = 1; n <= slices; n++) {
        const xml = await (await app.request(`/${n}`)).text();
        seen.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
      }
      assert.equal(seen.length, 4 + CITY_NOTICES);
      assert.equal(new Set(seen).size, seen.length, 'no item in two slices');
      assert.equal((await app.request(`/${slices + 1}`)).status, 404);
      const routed = await get('/sitemap-items-1.xml');
      assert.equal(routed.status, 200);
      assert.equal((await get('/sitemap-items-9.xml')).status, 404);
    });
  });

  it('never shows review opinions, staff or personal data on public pages', async () => {
    const pages = [
      '/xxgk/catalog',
      itemPath('fgw', F.budget.indexNumber),
      itemPath('fgw', F.rule.indexNumber),
      '/search?q=预算',
      '/xxgk/fgw/feed.atom',
    ];
    for (const path of pages) {
      const { html } = await get(path);
      assert.ok(!html.includes('审查意见'), path);
      assert.ok(!/reviewed_by|submitted_by|created_by/.test(html), path);
    }
  });
});
