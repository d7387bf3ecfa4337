import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { CATALOG_FIXTURE as F, CITY_NOTICES, seedCatalogFixture } from './catalog.public.fixtures.js';
import { cleanQuery, parseSearchParams } from './catalog.public.params.js';
import { createSearchIndex } from '../../platform/search/search-index.js';

/** Result titles (markup of the highlights removed), in order. */
function resultTitles(html: string): string[] {
  return [...html.matchAll(/class="item-title"[^>]*>([\s\S]*?)<\/(?:a|span)>/g)].map((m) =>
    m[1]!.replace(/<\/?mark>/g, ''),
  );
}

describe('public search page', () => {
  let t: TestApp;
  const search = async (query: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/search?${query}`, { headers });
    return { status: res.status, html: await res.text() };
  };

  before(async () => {
    t = await createTestApp();
    await seedCatalogFixture(t.database, t.deps.storage);
  });
  after(() => t.cleanup());

  it('has one labelled search box and no results before a search', async () => {
    const { status, html } = await search('');
    assert.equal(status, 200);
    assert.match(html, /<form method="get" action="\/search" role="search">/);
    assert.match(html, /<label for="q">搜索政府信息<\/label>/);
    assert.match(html, /<input type="search" id="q" name="q" value=""/);
    for (const id of ['org', 'column', 'year', 'type', 'validity', 'sort']) {
      assert.match(html, new RegExp(`<label for="${id}">`), `${id} filter is labelled`);
    }
    assert.match(html, /请输入要查找的内容/);
    assert.ok(!html.includes('class="item-title"'));
  });

  it('finds a simplified item from a traditional query, with the matches highlighted', async () => {
    const { html } = await search(`q=${encodeURIComponent('預算')}`);
    assert.deepEqual(resultTitles(html).slice(0, 1), [F.budget.title]);
    assert.match(html, /<mark>预算<\/mark>/);
    assert.match(html, /找到 1 条结果/);
    assert.match(html, /value="預算"/, 'the query is shown as typed');
    const tw = await search(`q=${encodeURIComponent('拆遷')}`);
    assert.deepEqual(new Set(resultTitles(tw.html)), new Set([F.townNotice.title, F.budget.title]));
  });

  it('never finds drafts, items waiting for review or withdrawn items', async () => {
    for (const q of ['草稿', '待审查', '撤回', '预算说明']) {
      const { html } = await search(`q=${encodeURIComponent(q)}`);
      for (const title of [F.draft.title, F.submitted.title, F.withdrawn.title]) {
        assert.ok(!html.includes(title), `${q}: ${title}`);
      }
    }
  });

  it('filters by organisation with its sub-organisations, column, year, type and validity', async () => {
    const jyj = await search(`q=${encodeURIComponent('中考')}&org=jyj`);
    assert.deepEqual(resultTitles(jyj.html), [F.schoolPlan.title], 'jyj-kszx is under jyj');
    const fgw = await search(`q=${encodeURIComponent('中考')}&org=fgw`);
    assert.deepEqual(resultTitles(fgw.html), []);
    const column = await search(`q=${encodeURIComponent('拆迁')}&column=key-expropriation`);
    assert.deepEqual(resultTitles(column.html), [F.townNotice.title]);
    const year = await search(`q=${encodeURIComponent('拆迁')}&year=2025`);
    assert.deepEqual(resultTitles(year.html), [F.budget.title]);
    const type = await search(`q=${encodeURIComponent('价格')}&type=normative`);
    assert.deepEqual(resultTitles(type.html), [F.rule.title]);
    const abolished = await search(`q=${encodeURIComponent('价格')}&validity=abolished`);
    assert.deepEqual(resultTitles(abolished.html), [F.rule.title]);
    const valid = await search(`q=${encodeURIComponent('价格')}&validity=valid`);
    assert.deepEqual(resultTitles(valid.html), []);
    assert.match(valid.html, /清除筛选条件/, 'the empty state offers to drop the filters');
    assert.match(jyj.html, /<option value="jyj" selected="">/);
    assert.match(jyj.html, /<details class="filter-form search-filters" open="">/);
  });

  it('sorts by date and pages through many results keeping the query and filters', async () => {
    const q = encodeURIComponent('重大建设项目');
    const first = await search(`q=${q}&sort=date&org=city`);
    assert.match(first.html, new RegExp(`找到 ${CITY_NOTICES} 条结果，当前第 1 页`));
    const titles = resultTitles(first.html);
    assert.equal(titles.length, 20);
    assert.equal(titles[0], `示范市人民政府关于第${CITY_NOTICES}批重大建设项目的通知`, 'newest first');
    assert.match(first.html, /href="\/search\?q=[^"]+&amp;org=city&amp;sort=date&amp;page=2" rel="next"/);
    const second = await search(`q=${q}&sort=date&org=city&page=2`);
    assert.equal(resultTitles(second.html).length, CITY_NOTICES - 20);
    assert.match(second.html, /<ol class="item-list search-results" start="21">/);
    const past = await search(`q=${q}&page=9`);
    assert.equal(past.status, 200);
    assert.match(past.html, /这一页没有结果/);
  });

  it('finds an item by its exact 索引号 and by its 文号', async () => {
    const byIndex = await search(`q=${encodeURIComponent(F.rule.indexNumber)}`);
    assert.equal(resultTitles(byIndex.html)[0], F.rule.title);
    const byNumber = await search(`q=${encodeURIComponent('示发改〔2025〕12号')}`);
    assert.equal(resultTitles(byNumber.html)[0], F.budget.title);
  });

  it('says honestly when nothing is found, with suggestions', async () => {
    const { status, html } = await search(`q=${encodeURIComponent('量子计算机芯片')}`);
    assert.equal(status, 200);
    assert.match(html, /没有找到相关的政府信息/);
    assert.match(html, /找到 0 条结果/);
    assert.match(html, /检查文字是否有错别字/);
    assert.match(html, /减少检索词/);
    assert.match(html, /繁体、简体均可检索/);
    assert.match(html, /href="\/xxgk\/catalog">浏览政府信息公开目录/);
    assert.match(html, /<!--noconv--><q>量子计算机芯片<\/q><!--\/noconv-->/);
  });

  it('answers hostile and odd queries with results or the empty state, never an error page', async () => {
    const hostile = [
      '预'.repeat(10_000),
      'a'.repeat(10_000),
      '"',
      '""',
      '*',
      '预算*',
      'NEAR',
      'NEAR(预算 公开)',
      '预算 NEAR 公开',
      ':',
      'title:预算',
      '-',
      '-预算',
      '预算 -公开',
      'AND OR NOT',
      '(',
      ')',
      '^',
      '{}',
      "' OR 1=1 --",
      '"; DROP TABLE catalog_items; --',
      "1'; select * from users where '1'='1",
      '%',
      '_',
      '\\',
      '\u0000预算',
      '😀🏛️',
      '\u202e预算\u202d',
      'ｐｒｅｍｉｅｒ　預算',
      '<script>alert(1)</script>',
      '&lt;mark&gt;',
      '   ',
      '的',
    ];
    for (const q of hostile) {
      const { status, html } = await search(`q=${encodeURIComponent(q)}`);
      assert.equal(status, 200, `status for ${JSON.stringify(q.slice(0, 40))}`);
      assert.ok(
        /找到 \d+ 条结果/.test(html) || /请输入要查找的内容/.test(html),
        `results or empty state for ${JSON.stringify(q.slice(0, 40))}`,
      );
      assert.ok(!html.includes('<script>alert'), 'nothing typed is rendered as markup');
      assert.ok(!html.includes('系统错误'));
    }
    // Raw, malformed percent-encoding and repeated parameters.
    for (const raw of [
      'q=%E0%A4%A',
      'q=%ED%A0%80',
      'q=%',
      'q=%FF%FE',
      'q=a&q=b',
      'q=预算&page=abc&year=x&org=../../etc&column=%00',
    ]) {
      const res = await t.app.request(`/search?${raw}`);
      assert.equal(res.status, 200, raw);
    }
    const xss = await search(`q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.match(xss.html, /&lt;script&gt;/);
  });

  it('renders in traditional Chinese and English', async () => {
    const tw = await search(`q=${encodeURIComponent('预算')}&lang=zh-TW`);
    assert.match(tw.html, /政府信息檢索/);
    assert.match(tw.html, /value="预算"/, 'the query itself is not converted');
    const en = await search(`q=${encodeURIComponent('预算')}&lang=en`);
    assert.match(en.html, /<label for="q">Search government information<\/label>/);
    assert.match(en.html, /1 results|results/);
  });

  it('says "more than N" for a capped count and "about N" for an estimate, in every language and the API', async () => {
    const q = `q=${encodeURIComponent('拆迁')}`;
    const original = t.deps.search;
    try {
      t.deps.search = createSearchIndex(t.database, { countCap: 1 });
      assert.match((await search(q)).html, /找到超过 1 条结果，当前第 1 页；可加筛选条件缩小范围/);
      assert.match((await search(`${q}&lang=zh-TW`)).html, /找到超過 1 條結果，當前第 1 頁/);
      assert.match((await search(`${q}&lang=en`)).html, /More than 1 results, page 1/);
      const api = await t.app.request(`/api/v1/search?${q}`);
      const body = (await api.json()) as {
        total: number;
        totalIsLowerBound: boolean;
        totalIsEstimate: boolean;
      };
      assert.deepEqual([body.total, body.totalIsLowerBound, body.totalIsEstimate], [1, true, false]);

      // Every query dense: PostgreSQL estimates the total; SQLite always counts.
      t.deps.search = createSearchIndex(t.database, { denseRows: 0 });
      const dense = await search(q);
      const estimated = await (await t.app.request(`/api/v1/search?${q}`)).json();
      if (t.database.dialect.kind === 'postgres') {
        assert.equal((estimated as { totalIsEstimate: boolean }).totalIsEstimate, true);
        assert.match(dense.html, /找到约 [\d,]+ 条结果（估计数），当前第 1 页/);
        assert.match((await search(`${q}&lang=zh-TW`)).html, /找到約 [\d,]+ 條結果（估計數）/);
        assert.match((await search(`${q}&lang=en`)).html, /About [\d,]+ results \(an estimate\), page 1/);
      } else {
        assert.equal((estimated as { totalIsEstimate: boolean }).totalIsEstimate, false);
        assert.match(dense.html, /找到 2 条结果/);
      }
      assert.equal(resultTitles(dense.html).length, 2, 'the hits are exact either way');
    } finally {
      t.deps.search = original;
    }
  });

  it('parses queries leniently and cleans what was typed', () => {
    assert.equal(cleanQuery('  预算\u0000公开\n\t  '), '预算 公开');
    assert.equal(cleanQuery('\ud800预算'), '预算');
    assert.equal(cleanQuery('x'.repeat(10_000)).length, 200);
    assert.deepEqual(
      parseSearchParams({ q: '预算', page: '-1', year: '20x5', type: 'nope', sort: 'oldest' }),
      {
        q: '预算',
        org: undefined,
        column: undefined,
        year: undefined,
        docType: undefined,
        validity: undefined,
        sort: 'relevance',
        page: 1,
      },
    );
  });
});
