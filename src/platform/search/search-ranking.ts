import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import { ATTACHMENT_TF_CHARS, bm25Scorer, type CorpusStats, type QueryTerm } from './bm25.js';
import { sortKeyOf } from './text-pipeline.js';
import type { FullTextEngine, MatchPage, MatchRequest, SearchTuning } from './search.repository.js';

/**
 * Relevance order (docs/decisions.md, "Search ranking"): BM25 (bm25.ts) with the newer item first on
 * equal scores, computed the same way on both databases.
 *
 * - A query with at most `rankAll` matches: every match is scored (exact BM25 order).
 * - A query with more (a common word): the candidates are the `rankCandidates` newest matches having
 *   every term in the title and the `rankRecent` newest matches (the same for every page, so pages
 *   never overlap); they are scored and come first in BM25 order, then the remaining matches follow,
 *   title matches first, newest first within each. Scoring every match of a word found in half a million items cannot be done in the time a
 *   search page has; recent items and title matches are where the best BM25 scores of a common word
 *   are found (the title weighs ten times the body).
 */

/** Score reported for matches beyond the ranked candidates (their order is title tier, then date). */
export const UNRANKED_SCORE = 0;

interface CandidateRow {
  id: number;
  published_on: string;
  title: string;
  summary: string;
  keywords: string;
  doc_number: string | null;
  index_number: string;
  body: string;
  attachments: string;
  attachments_length: number | string;
}

function keywordsText(json: string): string {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map(String).join(' ') : '';
  } catch {
    return '';
  }
}

async function loadCandidates(db: Queryable, ids: number[]): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<CandidateRow>`select id, published_on, title, summary, keywords, doc_number,
      index_number, body, substr(attachment_text, 1, ${ATTACHMENT_TF_CHARS}) as attachments,
      length(attachment_text) as attachments_length
    from search_documents where id in (${sql.join(ids)})`.execute(db);
  return rows;
}

const statsCache = new WeakMap<object, { at: number; stats: CorpusStats }>();
/** Corpus statistics of a large index are reused this long (they move slowly). */
const STATS_TTL_MS = 60_000;
/** Below this many documents the statistics are read afresh on every query (cheap, and exact). */
const STATS_CACHE_FROM = 10_000;

/** Documents in the index and their average length (from the newest 1,000: a sample). */
async function corpusStats(engine: FullTextEngine, db: Queryable): Promise<CorpusStats> {
  const cached = statsCache.get(db);
  if (cached && Date.now() - cached.at < STATS_TTL_MS) return cached.stats;
  const documents = await engine.documentCount(db);
  const { rows } = await sql<{ a: number | string | null }>`select avg(length(title) + length(summary)
      + length(keywords) + length(coalesce(doc_number, '')) + length(index_number) + length(body)
      + length(attachment_text)) as a
    from (select title, summary, keywords, doc_number, index_number, body, attachment_text
      from search_documents order by sort_key desc limit 1000) s`.execute(db);
  const stats = { documents, averageLength: Number(rows[0]?.a ?? 0) || 1 };
  if (documents >= STATS_CACHE_FROM) statsCache.set(db, { at: Date.now(), stats });
  return stats;
}

/** One page in relevance order (the request's sort is 'relevance'). */
export async function relevancePage(
  engine: FullTextEngine,
  db: Queryable,
  request: MatchRequest,
  tuning: SearchTuning,
): Promise<MatchPage> {
  const { limit, offset } = request;
  const take = Math.max(1, tuning.rankCandidates);
  const all = Math.max(1, tuning.rankAll);
  const recent = Math.max(1, tuning.rankRecent);
  // The newest matches, with the (capped or estimated) total.
  const newest = await engine.match(db, { ...request, sort: 'date', limit: recent, offset: 0 }, tuning);
  const page: MatchPage = { ...newest, rows: [] };
  if (newest.rows.length === 0) return page;
  const few = !newest.lowerBound && !newest.estimate && newest.total <= all;
  let ids: number[];
  if (few) {
    // Every match is a candidate.
    ids =
      newest.rows.length >= newest.total
        ? newest.rows.map((r) => r.id)
        : (
            await engine.match(db, { ...request, sort: 'date', limit: all, offset: 0, count: false }, tuning)
          ).rows.map((r) => r.id);
  } else {
    const titled = await engine.match(
      db,
      { ...request, sort: 'title', limit: take, offset: 0, count: false },
      tuning,
    );
    ids = [...new Set([...titled.rows.map((r) => r.id), ...newest.rows.map((r) => r.id)])];
  }
  const complete = few;

  const stats = await corpusStats(engine, db);
  const [rows, terms] = await Promise.all([
    loadCandidates(db, ids),
    Promise.all(
      request.terms.map(async (term): Promise<QueryTerm> => ({
        term,
        documents: await engine.termDocuments(db, term, tuning, stats.documents),
      })),
    ),
  ]);
  const scorer = bm25Scorer(terms, stats);
  const ranked = rows
    .map((r) => ({
      id: Number(r.id),
      key: sortKeyOf(r.published_on, Number(r.id)),
      score: scorer.score({
        title: r.title,
        meta: [r.summary, keywordsText(r.keywords), r.doc_number ?? '', r.index_number].join('\n'),
        body: r.body,
        attachments: r.attachments ?? '',
        length:
          r.title.length +
          r.summary.length +
          r.keywords.length +
          (r.doc_number ?? '').length +
          r.index_number.length +
          r.body.length +
          Number(r.attachments_length ?? 0),
      }),
    }))
    .sort((a, b) => b.score - a.score || b.key - a.key);

  page.rows = ranked.slice(offset, offset + limit).map(({ id, score }) => ({ id, score }));
  if (complete || page.rows.length === limit) return page;

  // Past the ranked candidates: the other matches, title matches first, newest first in each.
  const ranks = new Set(ranked.map((r) => r.id));
  const skip = Math.max(0, offset - ranked.length);
  const need = limit - page.rows.length;
  const rest = await engine.match(
    db,
    { ...request, sort: 'relevance', limit: skip + need + ranked.length, offset: 0, count: false },
    tuning,
  );
  page.rows.push(
    ...rest.rows
      .filter((r) => !ranks.has(r.id))
      .slice(skip, skip + need)
      .map((r) => ({ id: r.id, score: UNRANKED_SCORE })),
  );
  return page;
}
