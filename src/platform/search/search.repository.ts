import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { DetailedSearchResult, SearchHitDetails, SearchQuery } from './search-index.js';
import { highlight, looksLikeIndexNumber, queryTerms, snippet } from './text-pipeline.js';
import { relevancePage } from './search-ranking.js';

/**
 * The portable half of both SearchIndex implementations: the `search_documents` rows (the public
 * fields, for filters, snippets and the CLI), filters as SQL, paging, the 索引号 lookup and the hits.
 * Each engine supplies only its full-text part (`FullTextEngine`).
 */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Deepest page offered: beyond it the result is empty rather than slow. */
export const MAX_OFFSET = 10_000;

/** Tuning of the bounded work per query (defaults below; the contract tests pin the behaviour with small values). */
export interface SearchTuning {
  /** Totals are counted exactly up to this many matches; above it `totalIsLowerBound` is set. */
  countCap: number;
  /** Relevance (search-ranking.ts): a query with at most this many matches has every match ranked by BM25. */
  rankAll: number;
  /**
   * A query with more matches than `rankAll` has its this-many newest title matches and its
   * `rankRecent` newest matches ranked by BM25, the other matches following them.
   */
  rankCandidates: number;
  /** See rankCandidates. */
  rankRecent: number;
  /**
   * PostgreSQL only: a query the planner expects to match more than this many items is "dense": its
   * total is the planner's estimate (`totalIsEstimate`, not counted: counting reads the whole GIN
   * posting lists and thousands of heap rows) and its pages are read by walking `sort_key`.
   */
  denseRows: number;
  /** PostgreSQL only: rows a `sort_key` walk may visit before it gives up and the GIN path answers. */
  walkRows: number;
}

/**
 * SQLite counts matches up to 2,000, not 10,000 (`createSearchIndex`; docs/decisions.md): a common
 * word's count to 10,000 and the same walk for its document frequency were 40 % of a median query at
 * 1,000,000 items. Totals above it read "超过 2,000 条"; the IDF estimate uses the 2,001 newest postings.
 */
export const SQLITE_COUNT_CAP = 2_000;

export const DEFAULT_TUNING: SearchTuning = {
  countCap: 10_000,
  rankAll: 100,
  rankCandidates: 50,
  rankRecent: 20,
  denseRows: 4_000,
  walkRows: 20_000,
};

export interface MatchPage {
  total: number;
  /** The total is the count cap; there are more matches. */
  lowerBound: boolean;
  /** The total is an estimate (PostgreSQL, dense queries), rounded to two significant digits. */
  estimate?: boolean;
  rows: { id: number; score: number }[];
}

export interface MatchRequest {
  terms: string[];
  query: SearchQuery;
  /** An item already shown first (exact 索引号): left out of the matches and the total. */
  excludeId: number | null;
  /**
   * 'date': newest first. 'relevance', as the engines answer it: matches with every term in the
   * title first, then the others, newest first within each (search-ranking.ts ranks by BM25 on top).
   * 'title': only the matches with every term in the title, newest first.
   */
  sort: 'relevance' | 'date' | 'title';
  limit: number;
  offset: number;
  /** false: the total is not needed (the engine may leave it 0). */
  count?: boolean;
}

export interface FullTextEngine {
  /** One page of matches of all `terms` satisfying the query's filters, and the (capped) total. */
  match(db: Queryable, request: MatchRequest, tuning: SearchTuning): Promise<MatchPage>;
  /**
   * Items whose indexed text contains the term (for its IDF): counted, or estimated when very many;
   * `documents` is the index's size (documentCount, possibly cached).
   */
  termDocuments(db: Queryable, term: string, tuning: SearchTuning, documents: number): Promise<number>;
  /** Items in the index (may be an estimate when very many). */
  documentCount(db: Queryable): Promise<number>;
}

function escapeLike(s: string): string {
  return s.replace(/[!%_]/g, (c) => `!${c}`);
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Which filters are already applied another way (as FTS5 filter tokens). */
export interface FiltersDone {
  orgPath?: boolean;
  year?: boolean;
  column?: boolean;
  docType?: boolean;
}

/** The filters of a query as SQL conditions over `search_documents d` (except those in `done`). */
export function filterConditions(query: SearchQuery, done: FiltersDone = {}): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (query.orgPath && !done.orgPath)
    c.push(sql`d.org_path like ${escapeLike(query.orgPath) + '%'} escape '!'`);
  if (query.column && !done.column) {
    c.push(
      sql`exists (select 1 from search_document_columns c where c.doc_id = d.id and c.column_code = ${query.column})`,
    );
  }
  if (query.year !== undefined && Number.isInteger(query.year) && !done.year) {
    const y = String(query.year).padStart(4, '0');
    const next = String(query.year + 1).padStart(4, '0');
    c.push(sql`d.published_on >= ${`${y}-01-01`} and d.published_on < ${`${next}-01-01`}`);
  }
  if (query.docType && !done.docType) c.push(sql`d.doc_type = ${query.docType}`);
  if (query.validity) {
    const today = query.today ?? todayIso();
    if (query.validity === 'valid') {
      c.push(
        sql`(d.effective_on is null or d.effective_on <= ${today}) and (d.abolished_on is null or d.abolished_on > ${today})`,
      );
    } else if (query.validity === 'abolished') {
      c.push(sql`d.abolished_on is not null and d.abolished_on <= ${today}`);
    } else {
      c.push(
        sql`d.effective_on is not null and d.effective_on > ${today} and (d.abolished_on is null or d.abolished_on > ${today})`,
      );
    }
  }
  return c;
}

export function whereAll(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `);
}

async function findByIndexNumber(
  db: Queryable,
  indexNumber: string,
  conditions: RawBuilder<unknown>[],
): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`select d.id from search_documents d
    where d.index_number = ${indexNumber} and ${whereAll(conditions)} limit 1`.execute(db);
  return rows[0]?.id ?? null;
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  const n = Number.isFinite(value) ? Math.floor(value!) : fallback;
  return Math.min(max, Math.max(min, n));
}

function matchPage(
  engine: FullTextEngine,
  db: Queryable,
  request: MatchRequest,
  tuning: SearchTuning,
): Promise<MatchPage> {
  return request.sort === 'relevance'
    ? relevancePage(engine, db, request, tuning)
    : engine.match(db, request, tuning);
}

/** The search flow shared by both engines. */
export async function runSearch(
  engine: FullTextEngine,
  db: Queryable,
  query: SearchQuery,
  tuning: SearchTuning = DEFAULT_TUNING,
): Promise<DetailedSearchResult> {
  const text = typeof query.text === 'string' ? query.text : '';
  const terms = queryTerms(text);
  const limit = clampInt(query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = clampInt(query.offset, 0, 0, MAX_OFFSET);
  const sort = query.sort === 'date' ? 'date' : 'relevance';

  const indexNumber = looksLikeIndexNumber(text);
  const exactId = indexNumber ? await findByIndexNumber(db, indexNumber, filterConditions(query)) : null;
  if (terms.length === 0 && exactId === null) return { total: 0, hits: [], normalizedTerms: [] };

  let page: MatchPage;
  if (exactId === null) {
    page = await matchPage(engine, db, { terms, query, excludeId: null, sort, limit, offset }, tuning);
  } else {
    // The item with exactly this 索引号 comes first; the other matches follow it.
    const inner: MatchPage =
      terms.length === 0
        ? { total: 0, lowerBound: false, rows: [] }
        : await matchPage(
            engine,
            db,
            {
              terms,
              query,
              excludeId: exactId,
              sort,
              limit: offset === 0 ? limit - 1 : limit,
              offset: Math.max(0, offset - 1),
            },
            tuning,
          );
    page = {
      total: inner.total + 1,
      lowerBound: inner.lowerBound,
      estimate: inner.estimate,
      rows: offset === 0 ? [{ id: exactId, score: Number.MAX_SAFE_INTEGER }, ...inner.rows] : inner.rows,
    };
  }
  const hits = await buildHits(db, page.rows, terms);
  if (page.estimate) return { total: page.total, totalIsEstimate: true, hits, normalizedTerms: terms };
  return page.lowerBound
    ? { total: page.total, totalIsLowerBound: true, hits, normalizedTerms: terms }
    : { total: page.total, hits, normalizedTerms: terms };
}

async function buildHits(
  db: Queryable,
  rows: { id: number; score: number }[],
  terms: string[],
): Promise<SearchHitDetails[]> {
  if (rows.length === 0) return [];
  const docs = await db
    .selectFrom('search_documents')
    .select(['id', 'index_number', 'title', 'org_code', 'published_on', 'summary', 'body', 'attachment_text'])
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byId = new Map(docs.map((d) => [d.id, d]));
  const hits: SearchHitDetails[] = [];
  for (const r of rows) {
    const d = byId.get(r.id);
    if (!d) continue;
    const s = snippet([d.body, d.summary, d.attachment_text], terms);
    hits.push({
      id: d.id,
      score: r.score,
      titleHtml: highlight(d.title, terms),
      snippetHtml: s.html,
      indexNumber: d.index_number,
      title: d.title,
      orgCode: d.org_code,
      publishedOn: d.published_on,
      snippetText: s.plain,
    });
  }
  return hits;
}
