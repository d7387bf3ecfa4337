import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { createSearchIndex, type DetailedSearchIndex, type SearchDocument } from './search-index.js';
import { SQLITE_COUNT_CAP } from './search.repository.js';

// One contract suite for both implementations: the test database (SQLite, or PostgreSQL when
// TEST_DATABASE_URL is set) decides which one createSearchIndex returns.

function doc(id: number, fields: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    orgId: 7,
    orgPath: '/1/7/',
    orgCode: 'dg-jyj',
    indexNumber: `dg-jyj/2025-${String(id).padStart(5, '0')}`,
    title: `测试文件${id}`,
    summary: '',
    body: '',
    attachmentText: '',
    docNumber: null,
    keywords: [],
    columns: [],
    publishedOn: '2025-03-10',
    docType: 'other',
    effectiveOn: null,
    abolishedOn: null,
    ...fields,
  };
}

const DOCS: SearchDocument[] = [
  doc(1, {
    title: '东莞市政府信息公开工作年度报告',
    body: '2015年，全市共收到政府信息公开申请1207宗，主要集中在征地拆迁、规划建设、重大工程项目等方面。',
    publishedOn: '2016-03-01',
    columns: ['annual-reports'],
  }),
  doc(2, {
    title: '東莞市財政預算公開說明',
    body: '本局依法公開部門預算和「三公」經費。',
    orgPath: '/1/70/',
    orgId: 70,
    orgCode: 'dg-czj',
    publishedOn: '2024-05-06',
    columns: ['budget'],
  }),
  doc(3, {
    title: '关于印发东莞市行政复议工作规定的通知',
    body: '为规范行政复议工作，根据《中华人民共和国行政复议法》，制定本规定。',
    docNumber: '东府〔2015〕12号',
    indexNumber: '11441900/2015-00012',
    docType: 'normative',
    effectiveOn: '2015-06-01',
    abolishedOn: '2020-01-01',
    publishedOn: '2015-05-20',
    columns: ['normative', 'statutory'],
  }),
  doc(4, {
    title: '征地拆迁补偿标准公告',
    body: '依照规定公布本年度征地拆迁补偿标准。',
    docType: 'normative',
    effectiveOn: '2030-01-01',
    publishedOn: '2025-12-01',
    orgPath: '/1/7/3/',
    columns: ['land'],
  }),
  doc(5, {
    title: '<script>alert(1)</script> 拆迁 & 安置',
    body: '拆迁<b>安置</b>方案 "引号" & 符号',
    publishedOn: '2023-01-02',
    docType: 'regulation',
    effectiveOn: '2023-02-01',
  }),
];

describe('SearchIndex contract', () => {
  let t: TestDatabase;
  let index: DetailedSearchIndex;
  const ids = async (text: string, extra: Record<string, unknown> = {}) =>
    (await index.search(t.database.db, { text, ...extra })).hits.map((h) => h.id);

  before(async () => {
    t = await createTestDatabase();
    index = createSearchIndex(t.database);
    await index.upsertMany(t.database.db, DOCS.slice(0, 3));
    for (const d of DOCS.slice(3)) await index.upsert(t.database.db, d);
  });
  after(() => t.cleanup());

  it('finds simplified text with a traditional query and traditional text with a simplified query', async () => {
    assert.ok((await ids('東莞 公開')).includes(1));
    assert.ok((await ids('东莞 公开')).includes(2));
    assert.ok((await ids('预算')).includes(2));
  });

  it('finds two-character words and words inside longer words', async () => {
    assert.deepEqual((await ids('拆迁')).sort(), [1, 4, 5]);
    assert.deepEqual(await ids('复议'), [3]);
    assert.deepEqual(await ids('工程'), [1]);
    assert.deepEqual(await ids('行政复议'), [3]);
  });

  it('finds a 文号 written whole or in parts, and an index number exactly', async () => {
    assert.deepEqual(await ids('东府〔2015〕12号'), [3]);
    assert.deepEqual(await ids('2015 12号'), [3]);
    const r = await index.search(t.database.db, { text: '11441900/2015-00012' });
    assert.equal(r.hits[0]?.id, 3);
    assert.equal(r.total, 1);
    assert.equal(r.hits[0]?.indexNumber, '11441900/2015-00012');
  });

  it('puts the title match first and reports the normalised terms', async () => {
    const r = await index.search(t.database.db, { text: '東莞 年度報告' });
    assert.equal(r.hits[0]?.id, 1);
    assert.deepEqual(r.normalizedTerms, ['东莞', '年度报告']);
  });

  it('filters by organisation subtree without matching a sibling whose path shares digits', async () => {
    assert.deepEqual((await ids('东莞', { orgPath: '/1/7/' })).sort(), [1, 3]);
    assert.deepEqual(await ids('东莞', { orgPath: '/1/70/' }), [2]);
    assert.deepEqual(await ids('拆迁', { orgPath: '/1/7/3/' }), [4]);
  });

  it('filters by column, year, document type and validity', async () => {
    assert.deepEqual(await ids('东莞', { column: 'statutory' }), [3]);
    assert.deepEqual(await ids('东莞', { year: 2024 }), [2]);
    assert.deepEqual((await ids('拆迁', { docType: 'normative' })).sort(), [4]);
    const today = '2025-06-01';
    assert.deepEqual(await ids('拆迁', { docType: 'regulation', validity: 'valid', today }), [5]);
    assert.deepEqual(await ids('拆迁', { validity: 'not_yet_effective', today }), [4]);
    assert.deepEqual(await ids('复议', { validity: 'abolished', today }), [3]);
    assert.deepEqual(await ids('复议', { validity: 'valid', today }), []);
  });

  it('sorts by date and pages with an accurate total', async () => {
    assert.deepEqual(await ids('拆迁', { sort: 'date' }), [4, 5, 1]);
    const page1 = await index.search(t.database.db, { text: '拆迁', sort: 'date', limit: 2 });
    const page2 = await index.search(t.database.db, { text: '拆迁', sort: 'date', limit: 2, offset: 2 });
    assert.equal(page1.total, 3);
    assert.equal(page2.total, 3);
    assert.deepEqual(
      [...page1.hits, ...page2.hits].map((h) => h.id),
      [4, 5, 1],
    );
  });

  it('highlights matches and escapes markup in titles and snippets', async () => {
    const r = await index.search(t.database.db, { text: '拆迁 安置' });
    const hit = r.hits.find((h) => h.id === 5)!;
    assert.equal(
      hit.titleHtml,
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>拆迁</mark> &amp; <mark>安置</mark>',
    );
    assert.ok(!hit.snippetHtml.includes('<b>'));
    assert.ok(hit.snippetHtml.includes('<mark>拆迁</mark>&lt;b&gt;<mark>安置</mark>'));
    const one = (await index.search(t.database.db, { text: '复议' })).hits[0]!;
    assert.equal(one.titleHtml, '关于印发东莞市行政<mark>复议</mark>工作规定的通知');
    assert.ok(!/[\u4e00-\u9fff] [\u4e00-\u9fff]/.test(one.snippetHtml), 'no segmentation spaces');
    const trad = (await index.search(t.database.db, { text: '预算' })).hits[0]!;
    assert.equal(trad.titleHtml, '東莞市財政<mark>預算</mark>公開說明');
  });

  it('counts up to the cap and then reports the total as a lower bound', async () => {
    const capped = createSearchIndex(t.database, { countCap: 2 });
    const r = await capped.search(t.database.db, { text: '拆迁' });
    assert.equal(r.total, 2);
    assert.equal(r.totalIsLowerBound, true);
    assert.equal(r.hits.length, 3, 'the page is not cut by the cap');
    const exact = await index.search(t.database.db, { text: '拆迁' });
    assert.equal(exact.total, 3);
    assert.equal(exact.totalIsLowerBound, undefined);
  });

  it('stops counting at each engine’s own default cap: SQLite 2,000, PostgreSQL 10,000', async () => {
    const many = Array.from({ length: SQLITE_COUNT_CAP + 5 }, (_, i) =>
      doc(900_000 + i, { title: `计数文件${i}`, body: '计数试验专用词语' }),
    );
    await t.database.db.transaction().execute((trx) => index.upsertMany(trx, many));
    try {
      const r = await index.search(t.database.db, { text: '计数试验' });
      if (t.database.dialect.kind === 'sqlite') {
        assert.deepEqual([r.total, r.totalIsLowerBound], [SQLITE_COUNT_CAP, true]);
      } else {
        assert.deepEqual(
          [r.total, r.totalIsLowerBound, r.totalIsEstimate],
          [SQLITE_COUNT_CAP + 5, undefined, undefined],
        );
      }
      assert.equal(r.hits.length, 20);
    } finally {
      await t.database.db.transaction().execute(async (trx) => {
        for (const d of many) await index.remove(trx, d.id);
      });
    }
  });

  it('ranks a common word (more matches than rankAll): the ranked candidates, then title matches, then the rest, newest first in each', async () => {
    // Bounded relevance (search-ranking.ts): BM25 over the newest matches and the newest title
    // matches only; with all three knobs at 1 that is the single newest match.
    const bounded = createSearchIndex(t.database, {
      rankAll: 1,
      rankCandidates: 1,
      rankRecent: 1,
      countCap: 1,
    });
    const b = async (text: string, extra: Record<string, unknown> = {}) =>
      (await bounded.search(t.database.db, { text, ...extra })).hits.map((h) => h.id);
    assert.deepEqual(await b('拆迁'), [4, 5, 1]);
    assert.deepEqual(await b('东莞'), [2, 1, 3]);
    const page2 = await bounded.search(t.database.db, { text: '拆迁', limit: 2, offset: 1 });
    assert.deepEqual(
      page2.hits.map((h) => h.id),
      [5, 1],
    );
    const first = await bounded.search(t.database.db, { text: '拆迁', limit: 1 });
    assert.ok(first.hits[0]!.score > 0, 'the ranked candidate has its BM25 score');
    assert.deepEqual(
      page2.hits.map((h) => h.score),
      [0, 0],
      'matches past the candidates are not scored',
    );
    // The same filters, applied as index terms.
    assert.deepEqual((await b('东莞', { orgPath: '/1/7/' })).sort(), [1, 3]);
    assert.deepEqual(await b('东莞', { orgPath: '/1/70/' }), [2]);
    assert.deepEqual(await b('拆迁', { orgPath: '/1/7/3/' }), [4]);
    assert.deepEqual(await b('东莞', { column: 'statutory' }), [3]);
    assert.deepEqual(await b('东莞', { year: 2024 }), [2]);
    assert.deepEqual(await b('拆迁', { docType: 'normative' }), [4]);
    const today = '2025-06-01';
    assert.deepEqual(await b('拆迁', { docType: 'regulation', validity: 'valid', today }), [5]);
    assert.deepEqual(await b('复议', { validity: 'abolished', today }), [3]);
    assert.deepEqual(await b('拆迁', { sort: 'date' }), [4, 5, 1]);
    assert.deepEqual(await b('拆迁', { sort: 'date', limit: 1, offset: 2 }), [1]);
    const exact = await bounded.search(t.database.db, { text: '11441900/2015-00012' });
    assert.equal(exact.hits[0]?.id, 3);
  });

  it('answers dense queries with exact hits, and an estimated total where the engine estimates', async () => {
    // denseRows 0: every query counts as dense (PostgreSQL: planner estimate, sort_key walks; SQLite
    // has no dense path and counts). walkRows 1: every walk gives up and GIN answers instead.
    // rankAll/rankCandidates/rankRecent 1: bounded relevance (what a common word gets) on both.
    for (const tuning of [
      { denseRows: 0, rankAll: 1, rankCandidates: 1, rankRecent: 1 },
      { denseRows: 0, rankAll: 1, rankCandidates: 1, rankRecent: 1, walkRows: 1 },
      { denseRows: 0, rankAll: 1, rankCandidates: 1, rankRecent: 1, walkRows: 2 },
    ]) {
      const dense = createSearchIndex(t.database, tuning);
      const d = async (text: string, extra: Record<string, unknown> = {}) =>
        await dense.search(t.database.db, { text, ...extra });
      const r = await d('拆迁');
      if (t.database.dialect.kind === 'postgres') {
        assert.equal(r.totalIsEstimate, true, JSON.stringify(tuning));
        assert.ok(Number.isInteger(r.total) && r.total >= 1);
        assert.equal(r.totalIsLowerBound, undefined);
      } else {
        assert.equal(r.total, 3);
        assert.equal(r.totalIsEstimate, undefined);
      }
      // Title matches first, then the rest, newest first in each; pages; date order; filters.
      assert.deepEqual(
        r.hits.map((h) => h.id),
        [4, 5, 1],
      );
      assert.deepEqual(
        (await d('东莞')).hits.map((h) => h.id),
        [2, 1, 3],
      );
      assert.deepEqual(
        (await d('拆迁', { limit: 2, offset: 1 })).hits.map((h) => h.id),
        [5, 1],
      );
      assert.deepEqual(
        (await d('拆迁', { sort: 'date', limit: 1, offset: 2 })).hits.map((h) => h.id),
        [1],
      );
      assert.deepEqual((await d('东莞', { orgPath: '/1/7/' })).hits.map((h) => h.id).sort(), [1, 3]);
      assert.deepEqual(
        (await d('东莞', { year: 2024 })).hits.map((h) => h.id),
        [2],
      );
      assert.deepEqual(
        (await d('拆迁', { year: 2016, sort: 'date' })).hits.map((h) => h.id),
        [1],
      );
      const today = '2025-06-01';
      assert.deepEqual(
        (await d('拆迁', { docType: 'regulation', validity: 'valid', today })).hits.map((h) => h.id),
        [5],
      );
      assert.deepEqual((await d('拆迁', { offset: 3 })).hits, []);
      assert.deepEqual((await d('没有这个词')).hits, []);
      const exact = await d('11441900/2015-00012');
      assert.equal(exact.hits[0]?.id, 3);
    }
  });

  it('moves an item in date order when its publication date changes', async () => {
    await index.upsert(t.database.db, { ...DOCS[0]!, publishedOn: '2026-01-05' });
    assert.deepEqual(await ids('拆迁', { sort: 'date' }), [1, 4, 5]);
    assert.deepEqual(await ids('拆迁', { year: 2016 }), []);
    await index.upsert(t.database.db, DOCS[0]!);
    assert.deepEqual(await ids('拆迁', { sort: 'date' }), [4, 5, 1]);
    assert.deepEqual(await ids('拆迁', { year: 2016 }), [1]);
  });

  it('upsert replaces and remove really removes', async () => {
    await index.upsert(t.database.db, { ...DOCS[0]!, title: '东莞市信息公开年报（修订）' });
    assert.deepEqual(await ids('年度报告'), []);
    assert.deepEqual(await ids('修订'), [1]);
    await index.remove(t.database.db, 1);
    assert.deepEqual(await ids('修订'), []);
    assert.ok(!(await ids('东莞')).includes(1));
    await index.upsert(t.database.db, DOCS[0]!);
    assert.deepEqual(await ids('年度报告'), [1]);
  });

  it('changes with the caller’s transaction (rolled back with it)', async () => {
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await index.remove(trx, 2);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    assert.deepEqual(await ids('预算'), [2]);
  });

  it('returns cleanly for hostile or empty queries', async () => {
    const hostile = [
      '',
      '   ',
      '的',
      '"',
      '""',
      '*',
      'NEAR',
      'NEAR(拆迁 安置, 2)',
      'title:拆迁',
      '-拆迁',
      '拆迁*',
      '"拆迁" OR "安置" AND NOT x',
      "'; drop table search_documents; --",
      "1' or '1'='1",
      '拆迁) union select * from users --',
      '\u0000\u200b\ufeff\u202e拆迁',
      '😀🀄️𠀀',
      '\ud800',
      'a'.repeat(10_000),
      '拆迁'.repeat(5_000),
      '%_\\',
      '／／－－',
    ];
    for (const text of hostile) {
      const r = await index.search(t.database.db, { text });
      assert.ok(r.total >= 0 && Array.isArray(r.hits), text.slice(0, 20));
    }
    assert.deepEqual(await index.search(t.database.db, { text: '' }), {
      total: 0,
      hits: [],
      normalizedTerms: [],
    });
    assert.equal((await index.search(t.database.db, { text: '的 和' })).total, 0);
    assert.ok((await ids('拆迁*')).includes(5));
    const odd = await index.search(t.database.db, { text: '拆迁', limit: -5, offset: Number.NaN });
    assert.equal(odd.hits.length, 1);
    const big = await index.search(t.database.db, { text: '拆迁', limit: 10_000, offset: 1e9 });
    assert.deepEqual(big.hits, []);
  });
});

describe('SearchIndex relevance (BM25, the same on both databases)', () => {
  let t: TestDatabase;
  let index: DetailedSearchIndex;
  const filler = '本文件按照有关规定公开。'.repeat(4);
  const RANKED: SearchDocument[] = [
    doc(11, { title: '水库安全管理办法', body: filler, publishedOn: '2019-01-01' }),
    doc(12, {
      title: '年度工作要点',
      body: `加强水库巡查，水库除险加固，水库清淤。${filler}`,
      publishedOn: '2025-01-01',
    }),
    doc(13, { title: '工作通知', body: `涉及水库一处。${filler}`, publishedOn: '2026-01-01' }),
    doc(14, { title: '关于水库的通知', body: filler, publishedOn: '2020-01-01' }),
    doc(15, { title: '关于水库的通知', body: filler, publishedOn: '2021-01-01' }),
    doc(16, { title: '水庫防汛公告', body: filler, publishedOn: '2018-01-01' }),
  ];
  const order = async (text: string, tuning = {}, extra: Record<string, unknown> = {}) =>
    (await createSearchIndex(t.database, tuning).search(t.database.db, { text, ...extra })).hits.map(
      (h) => h.id,
    );

  before(async () => {
    t = await createTestDatabase();
    index = createSearchIndex(t.database);
    await index.upsertMany(t.database.db, RANKED);
  });
  after(() => t.cleanup());

  it('ranks title matches above body matches, more occurrences higher, the newer first on equal scores', async () => {
    const ids = await order('水库');
    assert.equal(ids.length, 6);
    const at = (id: number) => ids.indexOf(id);
    for (const titled of [11, 14, 15, 16]) {
      assert.ok(
        at(titled) < at(12) && at(titled) < at(13),
        `title match ${titled} above the body matches: ${ids.join(',')}`,
      );
    }
    assert.ok(at(12) < at(13), 'three occurrences in the body above one');
    assert.equal(at(15) + 1, at(14), 'identical items: the newer first, side by side');
    const hits = (await index.search(t.database.db, { text: '水库' })).hits;
    assert.ok(
      hits.every((h, i) => i === 0 || hits[i - 1]!.score >= h.score),
      'hits come in descending score order',
    );
    assert.ok(hits.every((h) => h.score > 0));
    // The traditional title counts as a title match for the simplified query, and the reverse.
    assert.ok(at(16) < at(12));
    assert.deepEqual(await order('水庫'), ids);
  });

  it('lets relevance outrank freshness, and date order put the newest first', async () => {
    const ids = await order('水库');
    assert.ok(ids.indexOf(11) < ids.indexOf(13), 'an old title match above the newest body match');
    assert.deepEqual(await order('水库', {}, { sort: 'date' }), [13, 12, 15, 14, 11, 16]);
  });

  it('ranks only the newest candidates of a common word, then the other matches title first, newest first', async () => {
    // rankAll/rankCandidates/rankRecent 1: the candidates are the newest match (13) and the newest title match (15).
    assert.deepEqual(
      await order('水库', { rankAll: 1, rankCandidates: 1, rankRecent: 1 }),
      [15, 13, 14, 11, 16, 12],
    );
    // All matches are ranked when they are at most rankAll, however few are "recent" or title candidates.
    assert.deepEqual(
      await order('水库', { rankAll: 6, rankCandidates: 1, rankRecent: 1 }),
      await order('水库'),
    );
    // One more match than rankAll: the (four) title matches and the newest match are ranked, 12 follows.
    const five = await order('水库', { rankAll: 5, rankCandidates: 5, rankRecent: 1 });
    assert.equal(five.at(-1), 12);
    assert.deepEqual(
      five.slice(0, 5),
      (await order('水库')).filter((id) => id !== 12),
    );
    // Pages over that order stay consistent.
    const bounded = createSearchIndex(t.database, { rankAll: 1, rankCandidates: 1, rankRecent: 1 });
    const pages: number[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const r = await bounded.search(t.database.db, { text: '水库', limit: 2, offset });
      assert.equal(r.total, 6);
      pages.push(...r.hits.map((h) => h.id));
    }
    assert.deepEqual(pages, [15, 13, 14, 11, 16, 12]);
  });

  it('gives every match a score in one order across pages', async () => {
    const whole = await order('水库');
    const pages: number[] = [];
    for (let offset = 0; offset < 6; offset += 4)
      pages.push(...(await order('水库', {}, { limit: 4, offset })));
    assert.deepEqual(pages, whole);
  });
});
