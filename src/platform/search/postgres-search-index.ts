import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { DetailedSearchIndex, SearchDocument } from './search-index.js';
import { prepareDocument, queryFilterTokens, type PreparedDocument } from './text-pipeline.js';
import {
  DEFAULT_TUNING,
  REST_TIER_SCORE,
  TITLE_TIER_SCORE,
  deleteDocuments,
  filterConditions,
  insertDocuments,
  runSearch,
  whereAll,
  type FullTextEngine,
  type MatchPage,
  type SearchTuning,
} from './search.repository.js';

/**
 * PostgreSQL: `search_documents.tsv`, built from the pre-segmented fields with the 'simple'
 * configuration (no stemming, no stopwords: jieba already did the linguistics), weighted A title,
 * B summary/keywords/文号/索引号, C body, D attachments, with a GIN index; `title_tsv` (the title
 * alone, small enough to stay in the row) with its own GIN index; `sort_key` (publication order) with
 * a b-tree.
 *
 * - The total is counted up to `countCap` through the GIN index, then reported as a lower bound.
 * - Relevance: when the query matches at most `rankDocs` items, ts_rank over all of them (it reads
 *   every matching tsvector, which is what made common words slow). Otherwise title matches first,
 *   then the others, newest first within each tier, as on SQLite.
 * - Dense matches (the count reached the cap, or the title count reached TITLE_DENSE) are read by
 *   walking `sort_key` backwards and testing each row, which stops after the page; sparse ones through
 *   GIN and a top-N sort. The `|| ''::tsvector` makes a condition unusable by GIN so that the planner
 *   takes the walk.
 */
const TITLE_DENSE = 4_000;

function tsvectorOf(p: PreparedDocument) {
  return sql`setweight(to_tsvector('simple', ${p.titleTokens}), 'A')
    || setweight(to_tsvector('simple', ${p.metaTokens}), 'B')
    || setweight(to_tsvector('simple', ${p.bodyTokens}), 'C')
    || setweight(to_tsvector('simple', ${p.attachmentTokens}), 'D')
    || ${filterLexemes(p)}`;
}

/** The filter tokens (text-pipeline.ts filterTokensOf) as lexemes, taken verbatim (no parser). */
function filterLexemes(p: PreparedDocument) {
  return sql`array_to_tsvector(${p.filterTokens.split(' ').filter(Boolean)}::text[])`;
}

const tsvector: FullTextEngine = {
  async insertFullText() {
    // The tsvectors are written with the row itself (insertDocuments' extra columns).
  },
  async deleteFullText() {
    // They go with the row.
  },
  async match(db, { terms, query, excludeId, sort, limit, offset }, tuning) {
    // `q` ranks; `mq` matches: the terms and the filters expressible as lexemes (org subtree, year,
    // column, type), so that the GIN index does the filtering instead of a check per match.
    const q = sql`plainto_tsquery('simple', ${terms.join(' ')})`;
    const filters = queryFilterTokens(query);
    const mq =
      filters.tokens.length === 0
        ? q
        : sql`(${q} && ${filters.tokens.map((t) => `'${t}'`).join(' & ')}::tsquery)`;
    const conds = whereAll([
      ...filterConditions(query, filters),
      ...(excludeId === null ? [] : [sql`d.id <> ${excludeId}`]),
    ]);
    const count = async (match: RawBuilder<unknown>, cap: number) =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from (select 1 from search_documents d
            where ${match} and ${conds} limit ${cap + 1}) x`.execute(db)
        ).rows[0]?.n ?? 0,
      );
    const newest = async (match: RawBuilder<unknown>, take: number, skip: number, score: number) =>
      (
        await sql<{ id: number }>`select d.id from search_documents d where ${match} and ${conds}
          order by d.sort_key desc limit ${take} offset ${skip}`.execute(db)
      ).rows.map((r) => ({ id: Number(r.id), score }));

    const n = await count(sql`d.tsv @@ ${mq}`, tuning.countCap);
    const page: MatchPage = {
      total: Math.min(n, tuning.countCap),
      lowerBound: n > tuning.countCap,
      rows: [],
    };
    if (n === 0 || (!page.lowerBound && offset >= page.total)) return page;
    const dense = n > tuning.countCap;
    const inBody = dense ? sql`(d.tsv || ''::tsvector) @@ ${mq}` : sql`d.tsv @@ ${mq}`;

    if (sort === 'date') {
      page.rows = await newest(inBody, limit, offset, 0);
      return page;
    }
    if (n <= tuning.rankDocs) {
      const { rows } = await sql<{ id: number; score: number }>`select d.id, ts_rank(d.tsv, ${q}, 1) as score
        from search_documents d where d.tsv @@ ${mq} and ${conds}
        order by score desc, d.sort_key desc limit ${limit} offset ${offset}`.execute(db);
      page.rows = rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
      return page;
    }
    // Title matches first, newest first.
    const titleCount = await count(sql`d.title_tsv @@ ${mq}`, TITLE_DENSE);
    const inTitle =
      titleCount > TITLE_DENSE ? sql`(d.title_tsv || ''::tsvector) @@ ${mq}` : sql`d.title_tsv @@ ${mq}`;
    const titled =
      offset < titleCount || titleCount > TITLE_DENSE
        ? await newest(inTitle, limit, offset, TITLE_TIER_SCORE)
        : [];
    page.rows = titled;
    if (titled.length === limit) return page;
    // Then the others, newest first, after every title match.
    const titleTotal =
      titled.length > 0
        ? offset + titled.length
        : titleCount <= TITLE_DENSE
          ? titleCount
          : await count(sql`d.title_tsv @@ ${mq}`, offset);
    const others = await newest(
      sql`${inBody} and not (d.title_tsv @@ ${mq})`,
      limit - titled.length,
      Math.max(0, offset - titleTotal),
      REST_TIER_SCORE,
    );
    page.rows.push(...others);
    return page;
  },
};

export function createPostgresSearchIndex(tuning: SearchTuning = DEFAULT_TUNING): DetailedSearchIndex {
  const upsertPrepared = async (db: Queryable, docs: PreparedDocument[]) => {
    await deleteDocuments(
      db,
      docs.map((p) => p.doc.id),
    );
    await insertDocuments(db, docs, (p) => ({
      tsv: tsvectorOf(p),
      title_tsv: sql`to_tsvector('simple', ${p.titleTokens}) || ${filterLexemes(p)}`,
    }));
  };
  return {
    upsert: (db, doc: SearchDocument) => upsertPrepared(db, [prepareDocument(doc)]),
    upsertMany: (db, docs) => upsertPrepared(db, docs.map(prepareDocument)),
    upsertPrepared,
    async remove(db, id) {
      await deleteDocuments(db, [id]);
    },
    search: (db, query) => runSearch(tsvector, db, query, tuning),
  };
}
