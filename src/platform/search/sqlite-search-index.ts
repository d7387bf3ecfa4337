import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { DetailedSearchIndex, SearchDocument } from './search-index.js';
import { fts5MatchExpression, idOfSortKey, prepareDocument, queryFilterTokens } from './text-pipeline.js';
import { removeSqlite, upsertPreparedSqlite } from './sqlite-search-writer.js';
import {
  DEFAULT_TUNING,
  REST_TIER_SCORE,
  TITLE_TIER_SCORE,
  filterConditions,
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
 * - The total is counted up to `countCap` (a doclist walk that stops), then reported as a lower bound.
 * - Relevance: when every query term occurs in at most `rankDocs` items, bm25 over all matches
 *   (title weighted most, newer first on ties). Otherwise (a common word: bm25 would walk the whole
 *   doclist of every term for its IDF) title matches come first, then the other matches, newest first
 *   within each tier.
 */
const BM25 = sql`bm25(search_fts, 10.0, 4.0, 1.0, 0.5, 0.0)`;

const keysToRows = (rows: { k: number }[], score: number) =>
  rows.map((r) => ({ id: idOfSortKey(Number(r.k)), score }));

const fts5: FullTextEngine = {
  async match(db, { terms, query, excludeId, sort, limit, offset }, tuning) {
    const exclude = excludeId === null ? [] : [sql`d.id <> ${excludeId}`];

    if (sort === 'relevance' && (await everyTermRare(db, terms, tuning.rankDocs))) {
      // Few matches: exact bm25 over all of them, filters as SQL over those few rows.
      const conds = whereAll([...filterConditions(query), ...exclude]);
      const from = sql`from (select rowid as k, ${BM25} as s from search_fts where search_fts match ${fts5MatchExpression(terms)}) c
        cross join search_documents d on d.sort_key = c.k where ${conds}`;
      const n = Number((await sql<{ n: number }>`select count(*) as n ${from}`.execute(db)).rows[0]?.n ?? 0);
      const total = Math.min(n, tuning.countCap);
      const lowerBound = n > tuning.countCap;
      if (n === 0 || offset >= n) return { total, lowerBound, rows: [] };
      const { rows } = await sql<{ k: number; s: number }>`select c.k as k, c.s as s ${from}
        order by c.s, c.k desc limit ${limit} offset ${offset}`.execute(db);
      return {
        total,
        lowerBound,
        rows: rows.map((r) => ({ id: idOfSortKey(Number(r.k)), score: -r.s })),
      };
    }

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

    const n = await count('search_fts', tuning.countCap);
    const page: MatchPage = {
      total: Math.min(n, tuning.countCap),
      lowerBound: n > tuning.countCap,
      rows: [],
    };
    if (n === 0 || (!page.lowerBound && offset >= page.total)) return page;

    if (sort === 'date') {
      page.rows = keysToRows(await newest('search_fts', limit, offset), 0);
      return page;
    }
    // Title matches first, newest first.
    const titled = await newest('search_title_fts', limit, offset);
    page.rows = keysToRows(titled, TITLE_TIER_SCORE);
    if (titled.length === limit) return page;
    const titleTotal =
      titled.length > 0 ? offset + titled.length : offset === 0 ? 0 : await count('search_title_fts', offset);
    // Then the others, newest first.
    const others = await newest(
      'search_fts',
      limit - titled.length,
      Math.max(0, offset - titleTotal),
      sql`search_fts.rowid not in (select rowid from search_title_fts where search_title_fts match ${expr})`,
    );
    page.rows.push(...keysToRows(others, REST_TIER_SCORE));
    return page;
  },
};

/** Whether every term occurs in at most `max` items (each check walks at most max + 1 postings). */
async function everyTermRare(db: Queryable, terms: string[], max: number): Promise<boolean> {
  for (const term of terms) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select rowid from search_fts
      where search_fts match ${fts5MatchExpression([term])} limit ${max + 1})`.execute(db);
    if (Number(rows[0]?.n ?? 0) > max) return false;
  }
  return true;
}

export function createSqliteSearchIndex(tuning: SearchTuning = DEFAULT_TUNING): DetailedSearchIndex {
  return {
    upsert: (db, doc: SearchDocument) => upsertPreparedSqlite(db, [prepareDocument(doc)]),
    upsertMany: (db, docs) => upsertPreparedSqlite(db, docs.map(prepareDocument)),
    upsertPrepared: upsertPreparedSqlite,
    remove: removeSqlite,
    search: (db, query) => runSearch(fts5, db, query, tuning),
  };
}
