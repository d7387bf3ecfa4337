import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * PostgreSQL search indexing rate (docs/performance.md, "Full-text search"; docs/decisions.md,
 * "Search"): `tsv` and `title_tsv` hold lexemes only, no positions or weights
 * (src/platform/search/postgres-search-writer.ts builds them with `array_to_tsvector` from the
 * client's tokens, no parser on the server). No query reads positions or weights: terms are `&`ed,
 * BM25 and highlights come from the stored text.
 *
 * - Rows written before are stripped (`strip()`: the same lexemes without positions or weights, what
 *   the writer now stores). The GIN indexes are dropped first and built again after the update, which
 *   is much faster than updating them row by row (each updated row is a new version in both indexes).
 * - `toast_tuple_target` 8160 (the largest allowed): a row of ~4 KB (the text and a ~2 KB tsvector)
 *   stays in the table, uncompressed, instead of being compressed and moved to TOAST (a second heap
 *   and index insert per row, and a TOAST lookup per row a `sort_key` walk tests). Larger rows (long
 *   attachments) are still compressed and moved out of line.
 * SQLite: nothing.
 */
export const searchLexemesOnly: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect.kind !== 'postgres') return;
    await sql`drop index if exists search_documents_tsv_idx`.execute(db);
    await sql`drop index if exists search_documents_title_tsv_idx`.execute(db);
    await sql`update search_documents set tsv = strip(tsv), title_tsv = strip(title_tsv)`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
    await sql`create index search_documents_title_tsv_idx on search_documents using gin (title_tsv)`.execute(
      db,
    );
    await sql`alter table search_documents set (toast_tuple_target = 8160)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind !== 'postgres') return;
    // Positions cannot be restored here; `gongkai reindex` with the earlier writer rebuilds them.
    await sql`alter table search_documents reset (toast_tuple_target)`.execute(db);
  },
});
