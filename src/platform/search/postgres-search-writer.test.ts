import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { createSearchIndex, type SearchDocument } from './search-index.js';
import { prepareDocument } from './text-pipeline.js';
import { lexemesOf } from './postgres-search-writer.js';
import { lexemeQuery } from './postgres-search-index.js';
import { searchLexemesOnly } from '../../../migrations/0018-search-lexemes-only.js';

// PostgreSQL's tsvectors hold the client's tokens verbatim, once each, without positions or weights
// (postgres-search-writer.ts; migration 0018). They must hold exactly the lexemes the server's
// parser found before, or queries would find other items.

const onPostgres = process.env.TEST_DATABASE_URL ? false : 'PostgreSQL only (TEST_DATABASE_URL not set)';

function doc(id: number, over: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    orgId: 7,
    orgPath: '/1/7/',
    orgCode: 'org-7',
    indexNumber: `org-7/2020-${String(id).padStart(5, '0')}`,
    title: `东莞市关于征地拆迁的通知（第${id}号）`,
    summary: '財政預算 summary 2020年',
    body: `什么时候公布？Version 3.2 of the rules, e-mail foo@example.org, 第${id}条，行政复议。`.repeat(2),
    attachmentText: id % 2 === 0 ? '附件：明细表 ABC-123' : '',
    docNumber: `东府〔2020〕${id}号`,
    keywords: ['征地拆迁', '信息公开'],
    columns: ['budget', 'land'],
    publishedOn: '2020-03-0' + String(1 + (id % 9)),
    docType: 'normative',
    effectiveOn: '2020-01-01',
    abolishedOn: null,
    ...over,
  };
}

describe('PostgreSQL tsvectors: lexemes only', { skip: onPostgres }, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t?.cleanup();
  });

  it("stores each document's tokens once, without positions or weights: the lexemes the parser gave", async () => {
    const docs = Array.from({ length: 12 }, (_, i) => doc(i + 1));
    const index = createSearchIndex(t.database);
    await t.database.db.transaction().execute((trx) => index.upsertPrepared(trx, docs.map(prepareDocument)));
    for (const d of docs) {
      const p = prepareDocument(d);
      const { rows } = await sql<{ same: boolean; title_same: boolean; stripped: boolean; n: number }>`
        select tsv = strip(to_tsvector('simple', ${[p.titleTokens, p.metaTokens, p.bodyTokens, p.attachmentTokens].join(' ')})
                 || array_to_tsvector(string_to_array(${p.filterTokens}, ' '))) as same,
               title_tsv = strip(to_tsvector('simple', ${p.titleTokens})
                 || array_to_tsvector(string_to_array(${p.filterTokens}, ' '))) as title_same,
               tsv = strip(tsv) and title_tsv = strip(title_tsv) as stripped,
               length(tsv) as n
        from search_documents where id = ${d.id}`.execute(t.database.db);
      assert.deepEqual(rows[0], { ...rows[0], same: true, title_same: true, stripped: true }, String(d.id));
      assert.ok(rows[0].n > 20);
    }
    const ids = async (text: string) =>
      (await index.search(t.database.db, { text, limit: 100 })).hits.map((h) => h.id).sort((a, b) => a - b);
    assert.deepEqual(await ids('明细表'), [2, 4, 6, 8, 10, 12]);
    assert.deepEqual(
      await ids('财政预算 通知'),
      docs.map((d) => d.id).sort((a, b) => a - b),
    );
  });

  it('leaves out a token longer than a lexeme may be (2,047 bytes) instead of failing, as to_tsvector did', async () => {
    const index = createSearchIndex(t.database);
    await index.upsert(
      t.database.db,
      doc(100, { body: `开头 ${'x'.repeat(3000)} 结尾 ${'长'.repeat(700)}` }),
    );
    const { rows } = await sql<{ n: number; longest: number }>`
      select length(tsv) as n, (select max(octet_length(l)) from unnest(tsv) as u(l)) as longest
      from search_documents where id = 100`.execute(t.database.db);
    assert.ok(rows[0]!.longest <= 2047, String(rows[0]!.longest));
    assert.deepEqual(
      (await index.search(t.database.db, { text: '结尾' })).hits.map((h) => h.id),
      [100],
    );
    assert.equal(lexemesOf('a', '', `b ${'长'.repeat(683)} c`, 'd'), 'a b c d');
    assert.equal(lexemesOf(`${'长'.repeat(682)} e`), `${'长'.repeat(682)} e`);
  });

  it('queries lexemes verbatim, quotes and backslashes included', async () => {
    const { rows } = await sql<{
      q: string;
    }>`select ${lexemeQuery(["a'b", 'c\\d', '拆迁'])}::tsquery::text as q`.execute(t.database.db);
    assert.equal(rows[0]!.q, "'a''b' & 'c\\\\d' & '拆迁'");
  });

  it('migration 0018 strips rows written with positions and weights, and the indexes still answer', async () => {
    const index = createSearchIndex(t.database);
    await index.upsert(t.database.db, doc(200, { title: '旧格式的标题', body: '旧格式的正文' }));
    await sql`update search_documents set tsv = setweight(to_tsvector('simple', '旧 格式 标题 旧格式'), 'A')
        || to_tsvector('simple', '正文'), title_tsv = to_tsvector('simple', '旧 格式 标题')
      where id = 200`.execute(t.database.db);
    await t.database.db
      .transaction()
      .execute((trx) => searchLexemesOnly({ kind: 'postgres' } as never).up(trx as never));
    const { rows } = await sql<{ tsv: boolean; title_tsv: boolean }>`
      select tsv = '旧 格式 标题 旧格式 正文'::tsvector as tsv, title_tsv = '旧 格式 标题'::tsvector as title_tsv
      from search_documents where id = 200`.execute(t.database.db);
    assert.deepEqual(rows[0], { tsv: true, title_tsv: true });
    const { rows: idx } = await sql<{ n: number }>`select count(*)::int as n from pg_indexes
      where schemaname = current_schema() and indexname in ('search_documents_tsv_idx', 'search_documents_title_tsv_idx')`.execute(
      t.database.db,
    );
    assert.equal(idx[0]!.n, 2);
    assert.deepEqual(
      (await index.search(t.database.db, { text: '正文' })).hits.map((h) => h.id),
      [200],
    );
  });
});
