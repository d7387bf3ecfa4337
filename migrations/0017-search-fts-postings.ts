import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * SQLite only (PostgreSQL: nothing): the FTS5 tables keep which items hold a token, not where
 * (docs/performance.md "Full-text search"; docs/decisions.md "Search").
 *
 * - `detail=none`: a posting is the rowid alone, without the column and the token positions. No query
 *   needs them: every MATCH term is one token (text-pipeline.ts `queryTerms` gives letter/digit runs,
 *   quoted one by one; filters are tokens of their own that only the `filters` column holds), there
 *   are no phrase, NEAR or column queries, and relevance, highlights and snippets are computed in the
 *   application from the stored originals. The postings get several times smaller, and every bulk
 *   commit writes and merges that much less.
 * - The `ascii` tokenizer (`_` a token character, as before): the text FTS5 receives is already
 *   folded (NFKC, lower case, simplified) and cut into space-separated letter/digit runs by the same
 *   pipeline as the queries, so the only work left is to split at spaces; `ascii` keeps every
 *   non-ASCII byte inside a token, so a CJK run stays one token (`unicode61` also split at characters
 *   its Unicode 6.1 tables do not know, e.g. recent CJK extensions, which `ascii` now keeps).
 *
 * Contentless tables cannot be re-tokenized in place: both are dropped, created again with the same
 * rowids (`sort_key`) and options (migration 0016's buffer and merge settings), and filled by
 * segmenting the stored originals of `search_documents` again, on one thread (3,000 items took 2.1 s
 * with the dictionary load: about ten minutes for a million items, once).
 */
async function recreate(db: Kysely<unknown>, options: { detail: string; tokenize: string }): Promise<void> {
  await sql`drop table if exists search_title_fts`.execute(db);
  await sql`drop table if exists search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(
    title, meta, body, attachments, filters,
    content='', contentless_delete=1, columnsize=1, detail=${sql.raw(options.detail)},
    tokenize=${sql.raw(options.tokenize)}
  )`.execute(db);
  await sql`insert into search_fts(search_fts, rank) values ('rank', 'bm25(10.0, 4.0, 1.0, 0.5, 0.0)')`.execute(
    db,
  );
  await sql`create virtual table search_title_fts using fts5(
    title, filters,
    content='', contentless_delete=1, detail=${sql.raw(options.detail)},
    tokenize=${sql.raw(options.tokenize)}
  )`.execute(db);
  for (const t of ['search_fts', 'search_title_fts']) {
    const table = sql.table(t);
    await sql`insert into ${table}(${table}, rank) values ('hashsize', 8388608)`.execute(db);
    await sql`insert into ${table}(${table}, rank) values ('automerge', 8)`.execute(db);
    await sql`insert into ${table}(${table}, rank) values ('crisismerge', 32)`.execute(db);
  }
  const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(db);
  if (Number(rows[0]?.n ?? 0) === 0) return;
  // Loaded only when there is something to segment (the jieba dictionary costs ~250 ms and ~60 MB).
  const { rebuildFullTextSqlite } = await import('../src/platform/search/sqlite-search-writer.js');
  await rebuildFullTextSqlite(db);
  await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
  await sql`insert into search_title_fts(search_title_fts) values ('optimize')`.execute(db);
}

export const searchFtsPostings: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect.kind !== 'sqlite') return;
    await recreate(db, { detail: 'none', tokenize: `"ascii tokenchars '_'"` });
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind !== 'sqlite') return;
    await recreate(db, { detail: 'full', tokenize: `"unicode61 remove_diacritics 0 tokenchars '_'"` });
  },
});
