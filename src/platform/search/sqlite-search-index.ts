import { sql, type RawBuilder } from 'kysely';
import type { DetailedSearchIndex, SearchDocument } from './search-index.js';
import { fts5MatchExpression, idOfSortKey, prepareDocument, queryFilterTokens } from './text-pipeline.js';
import { removeSqlite, upsertPreparedSqlite } from './sqlite-search-writer.js';
import {
  DEFAULT_TUNING,
  filterConditions,
  SQLITE_COUNT_CAP,
  runSearch,
  whereAll,
  type FullTextEngine,
  type MatchPage,
  type SearchTuning,
} from './search.repository.js';

/**
 * SQLite FTS5: a contentless table `search_fts` whose rowid is the publication order key
 * (`sort_key`: days × 2^32 + id), so every "newest matches" question is a doclist walk in rowid order
 * that stops after the page, and a small title-only table `search_title_fts` with the same rowids.
 *
 * - Filters (org subtree, year, column, document type) are MATCH terms on the `filters` column; only
 *   validity (relative to today) and the excluded 索引号 hit join `search_documents`.
 * - The total is counted up to `countCap` (2,000 by default: `SQLITE_COUNT_CAP`; a doclist walk that
 *   stops), then reported as a lower bound.
 * - Relevance is BM25 (search-ranking.ts) over candidates this engine lists: the newest matches and
 *   the newest title matches ("title matches first, newest first in each" order).
 */
const keysToRows = (rows: { k: number }[]) => rows.map((r) => ({ id: idOfSortKey(Number(r.k)), score: 0 }));

const fts5: FullTextEngine = {
  async match(db, { terms, query, excludeId, sort, limit, offset, count: wantCount }, tuning) {
    const exclude = excludeId === null ? [] : [sql`d.id <> ${excludeId}`];
    const filters = queryFilterTokens(query);
    const expr = fts5MatchExpression([...terms, ...filters.tokens]);
    const rest = [...filterConditions(query, filters), ...exclude];
    // Rows of `table` matching the expression (and the SQL-only filters), as `t.rowid`.
    const from = (table: 'search_fts' | 'search_title_fts', extra?: RawBuilder<unknown>) => {
      const t = sql.table(table);
      const more = extra ? sql` and ${extra}` : sql``;
      return rest.length === 0
        ? sql`from ${t} where ${t} match ${expr}${more}`
        : sql`from ${t} cross join search_documents d on d.sort_key = ${t}.rowid
            where ${t} match ${expr}${more} and ${whereAll(rest)}`;
    };
    const count = async (table: 'search_fts' | 'search_title_fts', cap: number) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from (select ${sql.table(table)}.rowid ${from(table)}
            limit ${cap + 1})`.execute(db)
        ).rows[0]?.n ?? 0,
      );
    const newest = async (
      table: 'search_fts' | 'search_title_fts',
      take: number,
      skip: number,
      extra?: RawBuilder<unknown>,
    ) =>
      (
        await sql<{ k: number }>`select ${sql.table(table)}.rowid as k ${from(table, extra)}
          order by ${sql.table(table)}.rowid desc limit ${take} offset ${skip}`.execute(db)
      ).rows;

    const page: MatchPage = { total: 0, lowerBound: false, rows: [] };
    if (wantCount !== false) {
      const n = await count('search_fts', tuning.countCap);
      page.total = Math.min(n, tuning.countCap);
      page.lowerBound = n > tuning.countCap;
      if (n === 0 || (!page.lowerBound && offset >= page.total)) return page;
    }

    if (sort === 'date') {
      page.rows = keysToRows(await newest('search_fts', limit, offset));
      return page;
    }
    // Title matches first, newest first.
    const titled = await newest('search_title_fts', limit, offset);
    page.rows = keysToRows(titled);
    if (titled.length === limit || sort === 'title') return page;
    const titleTotal =
      titled.length > 0 ? offset + titled.length : offset === 0 ? 0 : await count('search_title_fts', offset);
    // Then the others, newest first.
    const others = await newest(
      'search_fts',
      limit - titled.length,
      Math.max(0, offset - titleTotal),
      sql`search_fts.rowid not in (select rowid from search_title_fts where search_title_fts match ${expr})`,
    );
    page.rows.push(...keysToRows(others));
    return page;
  },

  async termDocuments(db, term, tuning, documents) {
    // Counted up to the cap; above it, estimated from the share of the newest documents that hold
    // the term: the cap-th newest posting's key, and how many documents are at least that new.
    const expr = fts5MatchExpression([term]);
    const { rows } = await sql<{ n: number; k: number | null }>`select count(*) as n, min(k) as k
      from (select rowid as k from search_fts where search_fts match ${expr}
        order by rowid desc limit ${tuning.countCap + 1})`.execute(db);
    const n = Number(rows[0]?.n ?? 0);
    const oldest = rows[0]?.k;
    if (n <= tuning.countCap || oldest === null || oldest === undefined) return n;
    const span = Number(
      (
        await sql<{ n: number }>`select count(*) as n from (select 1 from search_documents
          where sort_key >= ${oldest} limit ${SPAN_CAP})`.execute(db)
      ).rows[0]?.n ?? 0,
    );
    return Math.max(n, Math.min(documents, Math.round((n / Math.max(span, n)) * documents)));
  },

  async documentCount(db) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },
};

/** Documents counted at most to estimate a common word's share (see termDocuments). */
const SPAN_CAP = 300_000;

export function createSqliteSearchIndex(
  tuning: SearchTuning = { ...DEFAULT_TUNING, countCap: SQLITE_COUNT_CAP },
): DetailedSearchIndex {
  return {
    upsert: (db, doc: SearchDocument) => upsertPreparedSqlite(db, [prepareDocument(doc)]),
    upsertMany: (db, docs) => upsertPreparedSqlite(db, docs.map(prepareDocument)),
    upsertPrepared: upsertPreparedSqlite,
    remove: removeSqlite,
    search: (db, query) => runSearch(fts5, db, query, tuning),
  };
}
