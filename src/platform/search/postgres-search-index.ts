import { sql, type RawBuilder } from 'kysely';
import type { DetailedSearchIndex, SearchDocument } from './search-index.js';
import { prepareDocument, queryFilterTokens, sortKeyOf } from './text-pipeline.js';
import { removePostgres, upsertPreparedPostgres } from './postgres-search-writer.js';
import {
  DEFAULT_TUNING,
  filterConditions,
  runSearch,
  whereAll,
  type FullTextEngine,
  type MatchPage,
  type SearchTuning,
} from './search.repository.js';

/**
 * PostgreSQL: `search_documents.tsv`, the lexemes of every field (the client's jieba tokens verbatim,
 * without positions or weights: postgres-search-writer.ts; no query needs them), with a GIN index;
 * `title_tsv` (the title's lexemes) with its own GIN index; `sort_key` (publication order) with
 * a b-tree. Filters (org subtree, year, column, type) are lexemes of both, so GIN filters too.
 *
 * Every query first asks the planner how many rows it expects (`explain`, from the lexeme
 * frequencies ANALYZE keeps: migrations/0013 raises their statistics target so that 10,000 lexemes
 * are tracked). Then:
 * - Sparse (expected ≤ `denseRows`): GIN. The total is counted up to `countCap`; pages are a top-N
 *   sort of the GIN matches.
 * - Dense (expected > `denseRows`, a common word): no count — counting reads the terms' whole GIN
 *   posting lists (a bitmap that turns lossy at 1,000,000 items) and up to `countCap` heap rows; the
 *   total is the planner's estimate, reported as such (`totalIsEstimate`: "约 N 条"). Pages are read
 *   by walking `sort_key` backwards and testing each row, which stops after the page: at a density
 *   above `denseRows` / N that is a few thousand rows. A walk visits at most `walkRows` rows; a page
 *   it cannot fill within them (the estimate was too high) is read through GIN instead, so the hits
 *   are always exact.
 *
 * Relevance is BM25 (search-ranking.ts) over candidates this engine lists: the newest matches and the
 * newest title matches ("title matches first, newest first in each" order).
 */
type Match = RawBuilder<unknown>;

/** Two significant digits: an estimate should not look like a count. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.max(1, Math.round(n));
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

/**
 * A tsquery literal: every term, verbatim, as a lexeme (`'a' & 'b'`). The index holds the client's
 * tokens verbatim (postgres-search-writer.ts), so the query must not go through the server's parser
 * either (`plainto_tsquery` would split a run the parser does not see as one word).
 */
export function lexemeQuery(terms: string[]): string {
  return terms.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}

const tsvector: FullTextEngine = {
  async match(db, { terms, query, excludeId, sort, limit, offset, count: wantCount }, tuning) {
    // `q`: the terms; `mq`: the terms and the filters expressible as lexemes (org subtree, year,
    // column, type), so that the GIN index does the filtering instead of a check per match.
    const q = sql`${lexemeQuery(terms)}::tsquery`;
    const filters = queryFilterTokens(query);
    const mq =
      filters.tokens.length === 0
        ? q
        : sql`(${q} && ${filters.tokens.map((t) => `'${t}'`).join(' & ')}::tsquery)`;
    const conds = whereAll([
      ...filterConditions(query, filters),
      ...(excludeId === null ? [] : [sql`d.id <> ${excludeId}`]),
    ]);
    const inBody = sql`d.tsv @@ ${mq}`;
    // A year filter is a range of publication keys: the walk starts at the year's end.
    const year = query.year !== undefined && Number.isInteger(query.year) ? query.year : null;
    const yearRange =
      year === null || year < 1000 || year > 9998
        ? sql`true`
        : sql`sort_key >= ${sortKeyOf(`${String(year).padStart(4, '0')}-01-01`, 0)}
            and sort_key < ${sortKeyOf(`${String(year + 1).padStart(4, '0')}-01-01`, 0)}`;
    const inTitle = sql`d.title_tsv @@ ${mq}`;

    /** The planner's row estimate for the matches (planning only, nothing is read). */
    const estimate = async (match: Match) => {
      const { rows } = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`explain (format json)
        select 1 from search_documents d where ${match} and ${conds}`.execute(db);
      return Number(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
    };
    const count = async (match: Match, cap: number) =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from (select 1 from search_documents d
            where ${match} and ${conds} limit ${cap + 1}) x`.execute(db)
        ).rows[0]?.n ?? 0,
      );
    /**
     * Newest matches through GIN: every match is read, then a top-N sort. `sort_key + 0` keeps the
     * planner from walking the sort_key index instead when it expects many matches: a word it does
     * not track (estimated at 0.5 %) but absent from every title made that walk read all 500,000 rows.
     */
    const newestByIndex = async (match: Match, take: number, skip: number) =>
      (
        await sql<{ id: number }>`select d.id from search_documents d where ${match} and ${conds}
          order by d.sort_key + 0 desc limit ${take} offset ${skip}`.execute(db)
      ).rows.map((r) => Number(r.id));
    /**
     * Newest matches by walking `sort_key` backwards over at most `walkRows` rows (the subquery's
     * limit keeps the planner off GIN and bounds the work); null when that cannot fill the page.
     */
    const newestByWalk = async (match: Match, take: number, skip: number) => {
      const { rows } = await sql<{ id: number }>`select d.id from (select * from search_documents
          where ${yearRange} order by sort_key desc limit ${tuning.walkRows}) d
        where ${match} and ${conds} order by d.sort_key desc limit ${take} offset ${skip}`.execute(db);
      return rows.length === take ? rows.map((r) => Number(r.id)) : null;
    };
    const newest = async (match: Match, take: number, skip: number, dense: boolean) =>
      (dense ? await newestByWalk(match, take, skip) : null) ?? (await newestByIndex(match, take, skip));
    const scored = (ids: number[]) => ids.map((id) => ({ id, score: 0 }));

    const expected = await estimate(inBody);
    const dense = expected > tuning.denseRows;
    let page: MatchPage;
    if (dense) {
      page = { total: roundEstimate(expected), lowerBound: false, estimate: true, rows: [] };
    } else if (wantCount === false) {
      page = { total: 0, lowerBound: false, rows: [] };
    } else {
      const n = await count(inBody, tuning.countCap);
      page = { total: Math.min(n, tuning.countCap), lowerBound: n > tuning.countCap, rows: [] };
      if (n === 0 || (!page.lowerBound && offset >= page.total)) return page;
    }

    // More matches than expected (the count reached its cap): walk first too.
    const walk = dense || page.lowerBound;
    if (sort === 'date') {
      page.rows = scored(await newest(inBody, limit, offset, walk));
      return page;
    }
    // Title matches first, newest first.
    const titleDense = walk && (await estimate(inTitle)) > tuning.denseRows;
    const titled = await newest(inTitle, limit, offset, titleDense);
    page.rows = scored(titled);
    if (titled.length === limit || sort === 'title') return page;
    // Then the others, newest first, after every title match.
    const titleTotal =
      titled.length > 0 ? offset + titled.length : offset === 0 ? 0 : await count(inTitle, offset);
    const others = await newest(
      sql`${inBody} and not (${inTitle})`,
      limit - titled.length,
      Math.max(0, offset - titleTotal),
      walk,
    );
    page.rows.push(...scored(others));
    return page;
  },

  async termDocuments(db, term, tuning, documents) {
    // The planner's estimate (ANALYZE's lexeme frequencies) for a common word, a count otherwise.
    const q = sql`${lexemeQuery([term])}::tsquery`;
    const { rows } = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`explain (format json)
      select 1 from search_documents d where d.tsv @@ ${q}`.execute(db);
    const expected = Number(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
    if (expected > tuning.denseRows) return Math.min(expected, documents);
    const counted = await sql<{ n: string }>`select count(*) as n from (select 1 from search_documents d
      where d.tsv @@ ${q} limit ${tuning.countCap + 1}) x`.execute(db);
    return Number(counted.rows[0]?.n ?? 0);
  },

  async documentCount(db) {
    // The table's size as ANALYZE last saw it when large (a count reads every row), else a count.
    const { rows } = await sql<{ n: string }>`select reltuples::bigint as n from pg_class
      where oid = 'search_documents'::regclass`.execute(db);
    const estimated = Number(rows[0]?.n ?? -1);
    if (estimated >= 100_000) return estimated;
    const counted = await sql<{ n: string }>`select count(*) as n from search_documents`.execute(db);
    return Number(counted.rows[0]?.n ?? 0);
  },
};
export function createPostgresSearchIndex(tuning: SearchTuning = DEFAULT_TUNING): DetailedSearchIndex {
  return {
    upsert: (db, doc: SearchDocument) => upsertPreparedPostgres(db, [prepareDocument(doc)]),
    upsertMany: (db, docs) => upsertPreparedPostgres(db, docs.map(prepareDocument)),
    upsertPrepared: upsertPreparedPostgres,
    remove: removePostgres,
    search: (db, query) => runSearch(tsvector, db, query, tuning),
  };
}
