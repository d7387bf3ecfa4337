import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { DetailedSearchIndex, SearchDocument } from './search-index.js';
import { fts5MatchExpression, prepareDocument, type PreparedDocument } from './text-pipeline.js';
import {
  BATCH,
  deleteDocuments,
  insertDocuments,
  runSearch,
  whereAll,
  type FullTextEngine,
} from './search.repository.js';

/**
 * SQLite FTS5: a contentless table `search_fts` (rowid = item id) over the segmented fields, ranked
 * by its `rank` column, configured in the migration as bm25 with the title weighted most; ties go to
 * the newer item.
 */
/** Above this many matches, relevance ranking is bounded to the newest this-many matches. */
export const CANDIDATES = 2000;

const fts5: FullTextEngine = {
  async insertFullText(db, docs) {
    for (let i = 0; i < docs.length; i += BATCH) {
      const rows = docs
        .slice(i, i + BATCH)
        .map(
          (p) =>
            sql`(${p.doc.id}, ${p.titleTokens}, ${p.metaTokens}, ${p.bodyTokens}, ${p.attachmentTokens})`,
        );
      await sql`insert into search_fts(rowid, title, meta, body, attachments) values ${sql.join(rows)}`.execute(
        db,
      );
    }
  },

  async deleteFullText(db, ids) {
    for (let i = 0; i < ids.length; i += BATCH) {
      await sql`delete from search_fts where rowid in (${sql.join(ids.slice(i, i + BATCH))})`.execute(db);
    }
  },

  async match(db, terms, conditions, sort, limit, offset) {
    const expr = fts5MatchExpression(terms);
    const where = whereAll(conditions);
    const join = sql`from search_fts f join search_documents d on d.id = f.rowid
      where f.search_fts match ${expr} and ${where}`;
    const countSql =
      conditions.length === 0
        ? sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${expr}`
        : sql<{ n: number }>`select count(*) as n ${join}`;
    const total = (await countSql.execute(db)).rows[0]?.n ?? 0;
    if (total === 0 || offset >= total) return { total, rows: [] };
    if (sort === 'relevance' && total > CANDIDATES && offset + limit <= CANDIDATES / 10) {
      // A common word: rank only the newest CANDIDATES matches (FTS5 walks the doclists in rowid
      // order and stops there; bm25 is computed for those rows only), not every match.
      const { rows } = await sql<{ id: number; score: number }>`select d.id as id, -c.s as score
        from (select rowid as id, bm25(search_fts, 10.0, 4.0, 1.0, 0.5) as s from search_fts
              where search_fts match ${expr} order by rowid desc limit ${CANDIDATES}) c
        join search_documents d on d.id = c.id
        where ${where} order by c.s, d.published_on desc, d.id desc limit ${limit} offset ${offset}`.execute(
        db,
      );
      if (rows.length === limit) return { total, rows };
      // The filters left too few of the candidates: rank every match.
    }
    const { rows } =
      sort === 'date'
        ? await sql<{ id: number; score: number }>`select d.id as id, 0 as score ${join}
            order by d.published_on desc, d.id desc limit ${limit} offset ${offset}`.execute(db)
        : await sql<{ id: number; score: number }>`select d.id as id, -f.rank as score ${join}
            order by f.rank, d.published_on desc, d.id desc limit ${limit} offset ${offset}`.execute(db);
    return { total, rows };
  },
};

export function createSqliteSearchIndex(): DetailedSearchIndex {
  const upsertPrepared = async (db: Queryable, docs: PreparedDocument[]) => {
    const ids = docs.map((p) => p.doc.id);
    await fts5.deleteFullText(db, ids);
    await deleteDocuments(db, ids);
    await insertDocuments(db, docs);
    await fts5.insertFullText(db, docs);
  };
  return {
    upsert: (db, doc: SearchDocument) => upsertPrepared(db, [prepareDocument(doc)]),
    upsertMany: (db, docs) => upsertPrepared(db, docs.map(prepareDocument)),
    upsertPrepared,
    async remove(db, id) {
      await fts5.deleteFullText(db, [id]);
      await deleteDocuments(db, [id]);
    },
    search: (db, query) => runSearch(fts5, db, query),
  };
}
