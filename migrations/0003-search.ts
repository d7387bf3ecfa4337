import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * The search index (src/platform/search). `search_documents` on both databases; the full-text part
 * per dialect: an FTS5 contentless table on SQLite (the originals live in search_documents, so the
 * index holds only postings), a weighted tsvector column with a GIN index on PostgreSQL.
 *
 * `sort_key` (days since 1970 × 2^32 + id, text-pipeline.ts `sortKeyOf`) orders documents newest
 * first: on SQLite it is the FTS5 rowid, so "the newest matches" is a walk of the doclists that stops
 * after one page; on PostgreSQL a b-tree walked backwards. Filter values are tokens of their own (the
 * `filters` column; `_` is a token character so they never collide with words). A small title-only
 * index (`search_title_fts`, `title_tsv`) ranks title matches first for common words
 * (docs/performance.md).
 */
export const search: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    let documents = db.schema
      .createTable('search_documents')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('org_path', 'text', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('index_number', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('attachment_text', 'text', (c) => c.notNull())
      .addColumn('doc_number', 'text')
      .addColumn('keywords', 'text', (c) => c.notNull())
      .addColumn('published_on', 'text', (c) => c.notNull())
      .addColumn('doc_type', 'text', (c) => c.notNull())
      .addColumn('effective_on', 'text')
      .addColumn('abolished_on', 'text')
      .addColumn('sort_key', 'bigint', (c) => c.notNull());
    if (dialect.kind === 'postgres') {
      documents = documents
        .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
        .addColumn('title_tsv', sql`tsvector`, (c) => c.notNull());
    }
    await documents.execute();
    await db.schema
      .createIndex('search_documents_index_number_idx')
      .on('search_documents')
      .column('index_number')
      .execute();
    await db.schema
      .createIndex('search_documents_published_idx')
      .on('search_documents')
      .columns(['published_on', 'id'])
      .execute();
    await db.schema
      .createIndex('search_documents_sort_key_idx')
      .on('search_documents')
      .column('sort_key')
      .unique()
      .execute();
    await db.schema
      .createIndex('search_documents_org_path_idx')
      .on('search_documents')
      .column('org_path')
      .execute();

    await db.schema
      .createTable('search_document_columns')
      .addColumn('doc_id', 'integer', (c) =>
        c.notNull().references('search_documents.id').onDelete('cascade'),
      )
      .addColumn('column_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('search_document_columns_pk', ['doc_id', 'column_code'])
      .execute();
    await db.schema
      .createIndex('search_document_columns_code_idx')
      .on('search_document_columns')
      .columns(['column_code', 'doc_id'])
      .execute();

    if (dialect.kind === 'sqlite') {
      // Columns: title (cut + search-mode sub-words), meta (summary, keywords, 文号, 索引号), body,
      // attachments, filters (special tokens, weight 0). Contentless with delete support: the
      // postings only, rowid = sort_key.
      await sql`create virtual table search_fts using fts5(
        title, meta, body, attachments, filters,
        content='', contentless_delete=1, columnsize=1, detail=full,
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
      )`.execute(db);
      await sql`insert into search_fts(search_fts, rank) values ('rank', 'bm25(10.0, 4.0, 1.0, 0.5, 0.0)')`.execute(
        db,
      );
      // Titles alone (same rowids): "title matches first, newest first" without walking the body postings.
      await sql`create virtual table search_title_fts using fts5(
        title, filters,
        content='', contentless_delete=1, detail=full,
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
      )`.execute(db);
    } else {
      await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
      await sql`create index search_documents_title_tsv_idx on search_documents using gin (title_tsv)`.execute(
        db,
      );
    }
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind === 'sqlite') {
      await sql`drop table if exists search_title_fts`.execute(db);
      await sql`drop table if exists search_fts`.execute(db);
    }
    await db.schema.dropTable('search_document_columns').ifExists().execute();
    await db.schema.dropTable('search_documents').ifExists().execute();
  },
});
