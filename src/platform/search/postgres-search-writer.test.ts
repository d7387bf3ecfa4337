import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { documentVectorLiteral, titleVectorLiteral } from './postgres-search-writer.js';
import { prepareDocument, type PreparedDocument } from './text-pipeline.js';
import type { SearchDocument } from './search-index.js';

// The client-built tsvector literals must equal what the server's own parser builds from the same
// segmented fields (the expression the writer used before), position for position, weight for weight.
// PostgreSQL only; on SQLite the literals are checked for their shape alone.

function doc(id: number, fields: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    orgId: 7,
    orgPath: '/1/7/',
    orgCode: 'dg-jyj',
    indexNumber: `dg-jyj/2025-${String(id).padStart(5, '0')}`,
    title: '',
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

const repeated = (word: string, n: number) => Array.from({ length: n }, () => word).join(' ');

const CASES: PreparedDocument[] = [
  prepareDocument(
    doc(1, {
      title: '东莞市政府信息公开工作年度报告',
      summary: '東莞市財政預算公開說明',
      body: '2015年，全市共收到政府信息公开申请1207宗，主要集中在征地拆迁、规划建设、重大工程项目等方面。',
      keywords: ['政府信息', '年度报告'],
      docNumber: '东府〔2015〕12号',
      columns: ['annual-reports', 'budget'],
      docType: 'normative',
    }),
  ),
  prepareDocument(doc(2, { title: 'Ｆｕｌｌ ｗｉｄｔｈ ABC abc123 第1条', body: "it's a \\ back'slash" })),
  prepareDocument(doc(3, { title: '', summary: '', body: '' })),
  // More than 255 repeats of a word in one field, and repeats across fields (256 in all at most).
  {
    ...prepareDocument(doc(4)),
    titleTokens: repeated('公开', 300),
    metaTokens: repeated('公开', 10),
    bodyTokens: `${repeated('申请', 200)} 公开 ${repeated('申请', 100)}`,
    attachmentTokens: '',
  },
  // Positions past 16,383 (capped), and a word too long to index.
  {
    ...prepareDocument(doc(5)),
    titleTokens: '标题 词',
    metaTokens: 'x'.repeat(2100),
    bodyTokens: Array.from({ length: 17_000 }, (_, i) => `w${i % 500}`).join(' '),
    attachmentTokens: '附件 词 标题',
  },
  {
    ...prepareDocument(doc(6)),
    titleTokens: '',
    metaTokens: '',
    bodyTokens: '正文 正文',
    attachmentTokens: Array.from({ length: 16_500 }, (_, i) => `a${i % 3}`).join(' '),
  },
];

describe('PostgreSQL search writer: tsvector literals', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.cleanup();
  });

  it('builds the same tsv and title_tsv as the server parser would', async (ctx) => {
    if (t.database.dialect.kind !== 'postgres') {
      // Shape only: quoted lexemes with weighted positions, filter lexemes without.
      assert.match(documentVectorLiteral(CASES[0]!), /^'[^']+':\d+A/);
      assert.match(documentVectorLiteral(CASES[0]!), / '_y2025'/);
      ctx.skip('PostgreSQL only');
      return;
    }
    for (const p of CASES) {
      const filters = p.filterTokens.split(' ').filter(Boolean);
      const { rows } = await sql<{ same: boolean; same_title: boolean; mine: string; theirs: string }>`select
          ${documentVectorLiteral(p)}::tsvector = x.tsv as same,
          ${titleVectorLiteral(p)}::tsvector = x.title_tsv as same_title,
          ${documentVectorLiteral(p)}::tsvector::text as mine, x.tsv::text as theirs
        from (select setweight(to_tsvector('simple', ${p.titleTokens}), 'A')
            || setweight(to_tsvector('simple', ${p.metaTokens}), 'B')
            || setweight(to_tsvector('simple', ${p.bodyTokens}), 'C')
            || setweight(to_tsvector('simple', ${p.attachmentTokens}), 'D')
            || array_to_tsvector(${filters}::text[]) as tsv,
          to_tsvector('simple', ${p.titleTokens}) || array_to_tsvector(${filters}::text[]) as title_tsv) x`.execute(
        t.database.db,
      );
      const r = rows[0]!;
      assert.equal(r.same, true, `document ${p.doc.id}: ${r.mine.slice(0, 300)} ≠ ${r.theirs.slice(0, 300)}`);
      assert.equal(r.same_title, true, `title of document ${p.doc.id}`);
    }
  });
});
