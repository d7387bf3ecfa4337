import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * Search indexing rate (docs/performance.md, "Full-text search"; docs/decisions.md).
 *
 * - `search_documents_published_idx` goes: no query reads it any more (date order and the year filter
 *   use `sort_key`: the FTS5 rowid on SQLite, the b-tree walk on PostgreSQL), and each item paid a
 *   random insertion into it.
 * - SQLite: FTS5 buffers up to 8 MiB of postings per table before writing a segment (`hashsize`,
 *   default 1 MiB: a transaction of 1,000 items wrote several small segments, each one more merge),
 *   and merges 8 segments of a level at a time instead of 4 (`automerge`; `crisismerge` 32), which
 *   about halves how often a posting is rewritten while the index grows. Queries before the next
 *   `optimize` see at most that many more segments per level.
 */
export const searchBulkIndexing: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await sql`drop index if exists search_documents_published_idx`.execute(db);
    if (dialect.kind === 'sqlite') {
      for (const t of ['search_fts', 'search_title_fts']) {
        const table = sql.table(t);
        await sql`insert into ${table}(${table}, rank) values ('hashsize', 8388608)`.execute(db);
        await sql`insert into ${table}(${table}, rank) values ('automerge', 8)`.execute(db);
        await sql`insert into ${table}(${table}, rank) values ('crisismerge', 32)`.execute(db);
      }
    }
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind === 'sqlite') {
      for (const t of ['search_fts', 'search_title_fts']) {
        const table = sql.table(t);
        await sql`insert into ${table}(${table}, rank) values ('hashsize', 1048576)`.execute(db);
        await sql`insert into ${table}(${table}, rank) values ('automerge', 4)`.execute(db);
        await sql`insert into ${table}(${table}, rank) values ('crisismerge', 16)`.execute(db);
      }
    }
    await sql`create index if not exists search_documents_published_idx on search_documents (published_on, id)`.execute(
      db,
    );
  },
});
