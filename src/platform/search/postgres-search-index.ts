import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { DetailedSearchIndex, SearchDocument } from './search-index.js';
import { prepareDocument, type PreparedDocument } from './text-pipeline.js';
import {
  deleteDocuments,
  insertDocuments,
  runSearch,
  whereAll,
  type FullTextEngine,
} from './search.repository.js';

/**
 * PostgreSQL: `search_documents.tsv`, built from the pre-segmented fields with the 'simple'
 * configuration (no stemming, no stopwords: jieba already did the linguistics), weighted A title,
 * B summary/keywords/文号/索引号, C body, D attachments; GIN index; ts_rank (A weighted most, length
 * normalised) with the newer item first on ties.
 */
function tsvectorOf(p: PreparedDocument) {
  return sql`setweight(to_tsvector('simple', ${p.titleTokens}), 'A')
    || setweight(to_tsvector('simple', ${p.metaTokens}), 'B')
    || setweight(to_tsvector('simple', ${p.bodyTokens}), 'C')
    || setweight(to_tsvector('simple', ${p.attachmentTokens}), 'D')`;
}

const tsvector: FullTextEngine = {
  async insertFullText() {
    // The tsvector is written with the row itself (insertDocuments' extra column).
  },
  async deleteFullText() {
    // Goes with the row.
  },
  async match(db, terms, conditions, sort, limit, offset) {
    const q = sql`plainto_tsquery('simple', ${terms.join(' ')})`;
    const where = sql`d.tsv @@ ${q} and ${whereAll(conditions)}`;
    const total =
      (await sql<{ n: number }>`select count(*) as n from search_documents d where ${where}`.execute(db))
        .rows[0]?.n ?? 0;
    if (total === 0 || offset >= total) return { total, rows: [] };
    const { rows } =
      sort === 'date'
        ? await sql<{ id: number; score: number }>`select d.id as id, 0 as score from search_documents d
            where ${where} order by d.published_on desc, d.id desc limit ${limit} offset ${offset}`.execute(
            db,
          )
        : await sql<{ id: number; score: number }>`select d.id as id, ts_rank(d.tsv, ${q}, 1) as score
            from search_documents d where ${where}
            order by score desc, d.published_on desc, d.id desc limit ${limit} offset ${offset}`.execute(db);
    return { total, rows };
  },
};

export function createPostgresSearchIndex(): DetailedSearchIndex {
  const upsertPrepared = async (db: Queryable, docs: PreparedDocument[]) => {
    await deleteDocuments(
      db,
      docs.map((p) => p.doc.id),
    );
    await insertDocuments(db, docs, (p) => ({ tsv: tsvectorOf(p) }));
  };
  return {
    upsert: (db, doc: SearchDocument) => upsertPrepared(db, [prepareDocument(doc)]),
    upsertMany: (db, docs) => upsertPrepared(db, docs.map(prepareDocument)),
    upsertPrepared,
    async remove(db, id) {
      await deleteDocuments(db, [id]);
    },
    search: (db, query) => runSearch(tsvector, db, query),
  };
}
