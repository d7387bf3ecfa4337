import { describe, it, before, after } from 'node:test';
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import {
  createSearchIndex,
  type DetailedSearchIndex,
  type SearchDocument,
  type SearchQuery,
} from './search-index.js';
import { prepareDocument } from './text-pipeline.js';
import { searchFtsPostings } from '../../../migrations/0017-search-fts-postings.js';

// The bulk write path (upsertPrepared: imports, demo data, benchmarks) and the single-item path
// (publish/withdraw in the catalog) must leave indexes that answer every query alike, on the test
// database's engine (SQLite, or PostgreSQL with TEST_DATABASE_URL).

const PLACES = ['东莞', '虎门', '長安', '松山湖'];
const TOPICS = ['征地拆迁', '财政预算', '行政復議', '政府信息公开', '安全生产'];

function doc(id: number): SearchDocument {
  const place = PLACES[id % PLACES.length]!;
  const topic = TOPICS[id % TOPICS.length]!;
  const year = 2015 + (id % 6);
  return {
    id,
    orgId: 7 + (id % 3),
    orgPath: `/1/${7 + (id % 3)}/`,
    orgCode: `org-${7 + (id % 3)}`,
    indexNumber: `org-${7 + (id % 3)}/${year}-${String(id).padStart(5, '0')}`,
    title: `${place}市关于${topic}的通知（第${id}号）`,
    summary: `${topic}相关信息`,
    body: `${place}${topic}工作情况。${TOPICS[(id + 1) % TOPICS.length]}。什么时候公布？`.repeat(
      1 + (id % 3),
    ),
    attachmentText: id % 4 === 0 ? `附件：${topic}明细表` : '',
    docNumber: id % 2 === 0 ? `东府〔${year}〕${id}号` : null,
    keywords: [topic],
    columns: id % 3 === 0 ? ['budget', 'land'] : ['statutory'],
    publishedOn: `${year}-0${1 + (id % 9)}-1${id % 10}`,
    docType: id % 5 === 0 ? 'normative' : 'other',
    effectiveOn: id % 5 === 0 ? `${year}-01-01` : null,
    abolishedOn: null,
  };
}

const QUERIES: SearchQuery[] = [
  { text: '东莞' },
  { text: '长安 拆迁' },
  { text: '行政复议', sort: 'date' },
  { text: '政府信息公开', orgPath: '/1/8/' },
  { text: '预算', year: 2017 },
  { text: '安全生产', column: 'land' },
  { text: '通知', docType: 'normative' },
  { text: '明细表' },
  { text: '什么' },
  { text: '通知', limit: 5, offset: 5 },
];

describe('search writers: bulk and single-item paths', () => {
  let bulk: TestDatabase;
  let single: TestDatabase;
  let index: DetailedSearchIndex;
  const answers = async (t: TestDatabase) => {
    const out = [];
    for (const q of QUERIES) {
      const r = await index.search(t.database.db, q);
      out.push({
        q: q.text,
        total: r.total,
        hits: r.hits.map((h) => [h.id, h.score, h.titleHtml, h.snippetHtml]),
      });
    }
    return out;
  };

  before(async () => {
    bulk = await createTestDatabase();
    single = await createTestDatabase();
    index = createSearchIndex(bulk.database);
  });
  after(async () => {
    await bulk.cleanup();
    await single.cleanup();
  });

  it('index, re-index and remove alike', async () => {
    const docs = Array.from({ length: 60 }, (_, i) => doc(i + 1));
    await bulk.database.db
      .transaction()
      .execute((trx) => index.upsertPrepared(trx, docs.map(prepareDocument)));
    for (const d of docs) await index.upsert(single.database.db, d);
    const first = await answers(single);
    assert.deepEqual(await answers(bulk), first);
    assert.ok(
      first.every((a) => a.total > 0),
      'every query matches something',
    );

    // Re-index a third of them with other text (bulk, and one by one), remove a few.
    const changed = docs
      .filter((d) => d.id % 3 === 0)
      .map((d) => ({ ...d, title: `${d.title} 更正`, body: '已更正的正文', attachmentText: '' }));
    await bulk.database.db
      .transaction()
      .execute((trx) => index.upsertPrepared(trx, changed.map(prepareDocument)));
    for (const d of changed) await index.upsert(single.database.db, d);
    for (const id of [4, 5, 6]) {
      await index.remove(bulk.database.db, id);
      await index.remove(single.database.db, id);
    }
    const second = await answers(single);
    assert.deepEqual(await answers(bulk), second);

    const ids = async (t: TestDatabase, text: string) =>
      (await index.search(t.database.db, { text, limit: 100 })).hits.map((h) => h.id).sort((a, b) => a - b);
    const expectedChanged = changed.map((d) => d.id).filter((id) => id !== 6);
    assert.deepEqual(await ids(bulk, '更正'), expectedChanged);
    // The old text of a re-indexed item is gone (12 and 24 had the attachment); removed items are gone.
    const attached = await ids(bulk, '明细表');
    assert.ok(attached.includes(8) && !attached.some((id) => id % 3 === 0), attached.join());
    assert.ok(!(await ids(bulk, '通知')).some((id) => [4, 5, 6].includes(id)));
  });

  it('rebuilds the SQLite postings from the stored documents when migration 0017 changes the FTS5 options', async (t) => {
    if (bulk.database.dialect.kind !== 'sqlite') return t.skip('SQLite only (a no-op on PostgreSQL)');
    const db = bulk.database.db as unknown as Parameters<ReturnType<typeof searchFtsPostings>['up']>[0];
    const migration = searchFtsPostings(bulk.database.dialect);
    const options = async () =>
      (
        await sql<{ sql: string }>`select sql from sqlite_master where name = 'search_fts'`.execute(
          bulk.database.db,
        )
      ).rows[0]!;
    const indexed = await answers(bulk);
    assert.ok(indexed.some((a) => a.total > 0));
    await migration.down!(db);
    assert.match((await options()).sql, /detail=full/);
    assert.deepEqual(await answers(bulk), indexed, 'positions and unicode61: the same answers');
    await migration.up(db);
    assert.match((await options()).sql, /detail=none/);
    assert.match((await options()).sql, /ascii/);
    assert.deepEqual(await answers(bulk), indexed, 'rowids only and ascii: the same answers');
    // Still writable and removable after the rebuild.
    await index.remove(bulk.database.db, 1);
    await index.upsert(bulk.database.db, { ...doc(1), title: '重建后的标题' });
    assert.deepEqual(
      (await index.search(bulk.database.db, { text: '重建' })).hits.map((h) => h.id),
      [1],
    );
  });
});
