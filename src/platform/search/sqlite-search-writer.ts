import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import { BATCH, deleteDocuments, insertDocuments } from './search-documents.writer.js';
import type { PreparedDocument } from './text-pipeline.js';

/**
 * The write half of the SQLite index: `search_documents` rows, then the postings of the contentless
 * FTS5 tables `search_fts` and `search_title_fts` (rowid = `sort_key`; see sqlite-search-index.ts).
 */

async function insertFullText(db: Queryable, unordered: PreparedDocument[]): Promise<void> {
  // FTS5 flushes its pending postings whenever a rowid is not larger than the previous one: insert
  // in rowid order so that a bulk load writes one segment per transaction, not one per row.
  const docs = [...unordered].sort((a, b) => a.sortKey - b.sortKey);
  for (let i = 0; i < docs.length; i += BATCH) {
    const chunk = docs.slice(i, i + BATCH);
    const rows = chunk.map(
      (p) =>
        sql`(${p.sortKey}, ${p.titleTokens}, ${p.metaTokens}, ${p.bodyTokens}, ${p.attachmentTokens}, ${p.filterTokens})`,
    );
    await sql`insert into search_fts(rowid, title, meta, body, attachments, filters) values ${sql.join(rows)}`.execute(
      db,
    );
    const titles = chunk.map((p) => sql`(${p.sortKey}, ${p.titleTokens}, ${p.filterTokens})`);
    await sql`insert into search_title_fts(rowid, title, filters) values ${sql.join(titles)}`.execute(db);
  }
}

/** Removes the postings of these items (while their search_documents rows still exist). */
async function deleteFullText(db: Queryable, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const { rows } = await sql<{ k: number }>`select sort_key as k from search_documents
      where id in (${sql.join(ids.slice(i, i + BATCH))})`.execute(db);
    if (rows.length === 0) continue;
    const keys = sql.join(rows.map((r) => r.k));
    await sql`delete from search_fts where rowid in (${keys})`.execute(db);
    await sql`delete from search_title_fts where rowid in (${keys})`.execute(db);
  }
}

/** Adds or replaces already segmented documents (in the caller's transaction). */
export async function upsertPreparedSqlite(db: Queryable, docs: PreparedDocument[]): Promise<void> {
  const ids = docs.map((p) => p.doc.id);
  await deleteFullText(db, ids);
  await deleteDocuments(db, ids);
  await insertDocuments(db, docs);
  await insertFullText(db, docs);
}

export async function removeSqlite(db: Queryable, id: number): Promise<void> {
  await deleteFullText(db, [id]);
  await deleteDocuments(db, [id]);
}
