import { CompiledQuery, sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import { BATCH, documentRow } from './search-documents.writer.js';
import type { DocType, SearchDocument } from './search-index.js';
import type { SearchDocumentsTable } from './search.tables.js';
import { prepareDocument, type PreparedDocument } from './text-pipeline.js';

/**
 * The write half of the SQLite index: `search_documents` rows, then the postings of the contentless
 * FTS5 tables `search_fts` and `search_title_fts` (rowid = `sort_key`; see sqlite-search-index.ts).
 *
 * The statements are fixed SQL texts with `?` placeholders, one per (statement, row count), built once
 * and run as compiled queries: the connection keeps them prepared by text (database.ts), and a bulk
 * load of 200-row statements skips building and compiling a Kysely tree of a few thousand values for
 * each (~10 µs per item on the thread that does every write).
 */

const texts = new Map<string, string>();

/** `head` followed by `rows` groups of `width` placeholders, or `(?, …)` for `in` lists (width 0). */
function statementText(head: string, width: number, rows: number, tail = ''): string {
  const key = `${head}\u0000${width}\u0000${rows}\u0000${tail}`;
  let text = texts.get(key);
  if (text === undefined) {
    const group = width === 0 ? '?' : `(${new Array<string>(width).fill('?').join(', ')})`;
    text = `${head}${new Array<string>(rows).fill(group).join(', ')}${tail}`;
    texts.set(key, text);
  }
  return text;
}

async function run<R>(db: Queryable, text: string, params: unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
}

/** The columns of `search_documents`, in the order `documentRow` gives them. */
const DOCUMENT_COLUMNS = [
  'id',
  'org_id',
  'org_path',
  'org_code',
  'index_number',
  'title',
  'summary',
  'body',
  'attachment_text',
  'doc_number',
  'keywords',
  'published_on',
  'doc_type',
  'effective_on',
  'abolished_on',
  'sort_key',
] as const satisfies readonly (keyof SearchDocumentsTable)[];
const INSERT_DOCUMENTS = `insert into search_documents (${DOCUMENT_COLUMNS.join(', ')}) values `;

async function insertDocumentRows(db: Queryable, docs: PreparedDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    const chunk = docs.slice(i, i + BATCH);
    const params: unknown[] = [];
    const columns: unknown[] = [];
    for (const p of chunk) {
      const row = documentRow(p.doc);
      for (const c of DOCUMENT_COLUMNS) params.push(row[c]);
      for (const code of new Set(p.doc.columns ?? [])) columns.push(p.doc.id, code);
    }
    await run(db, statementText(INSERT_DOCUMENTS, DOCUMENT_COLUMNS.length, chunk.length), params);
    for (let j = 0; j < columns.length; j += 1_000) {
      const part = columns.slice(j, j + 1_000);
      await run(
        db,
        statementText(
          'insert into search_document_columns (doc_id, column_code) values ',
          2,
          part.length / 2,
        ),
        part,
      );
    }
  }
}

async function insertFullText(db: Queryable, unordered: PreparedDocument[]): Promise<void> {
  // FTS5 flushes its pending postings whenever a rowid is not larger than the previous one: insert
  // in rowid order so that a bulk load writes one segment per transaction, not one per row.
  const docs = [...unordered].sort((a, b) => a.sortKey - b.sortKey);
  for (let i = 0; i < docs.length; i += BATCH) {
    const chunk = docs.slice(i, i + BATCH);
    const all: unknown[] = [];
    const titles: unknown[] = [];
    for (const p of chunk) {
      all.push(p.sortKey, p.titleTokens, p.metaTokens, p.bodyTokens, p.attachmentTokens, p.filterTokens);
      titles.push(p.sortKey, p.titleTokens, p.filterTokens);
    }
    await run(
      db,
      statementText(
        'insert into search_fts (rowid, title, meta, body, attachments, filters) values ',
        6,
        chunk.length,
      ),
      all,
    );
    await run(
      db,
      statementText('insert into search_title_fts (rowid, title, filters) values ', 3, chunk.length),
      titles,
    );
  }
}

/** Removes these items: their postings (while their rows still exist), then their rows. */
async function deleteItems(db: Queryable, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const keys = (
      await run<{ k: number }>(
        db,
        statementText('select sort_key as k from search_documents where id in (', 0, chunk.length, ')'),
        chunk,
      )
    ).map((r) => r.k);
    if (keys.length === 0) continue;
    for (const table of ['search_fts', 'search_title_fts']) {
      await run(db, statementText(`delete from ${table} where rowid in (`, 0, keys.length, ')'), keys);
    }
    for (const [table, column] of [
      ['search_document_columns', 'doc_id'],
      ['search_documents', 'id'],
    ] as const) {
      await run(db, statementText(`delete from ${table} where ${column} in (`, 0, chunk.length, ')'), chunk);
    }
  }
}

/** Adds or replaces already segmented documents (in the caller's transaction). */
export async function upsertPreparedSqlite(db: Queryable, docs: PreparedDocument[]): Promise<void> {
  await deleteItems(
    db,
    docs.map((p) => p.doc.id),
  );
  await insertDocumentRows(db, docs);
  await insertFullText(db, docs);
}

export async function removeSqlite(db: Queryable, id: number): Promise<void> {
  await deleteItems(db, [id]);
}

/** A stored `search_documents` row back as the document it was written from. */
function storedDocument(row: SearchDocumentsTable, columns: string[]): SearchDocument {
  return {
    id: Number(row.id),
    orgId: Number(row.org_id),
    orgPath: row.org_path,
    orgCode: row.org_code,
    indexNumber: row.index_number,
    title: row.title,
    summary: row.summary,
    body: row.body,
    attachmentText: row.attachment_text,
    docNumber: row.doc_number,
    keywords: JSON.parse(row.keywords) as string[],
    columns,
    publishedOn: row.published_on,
    docType: row.doc_type as DocType,
    effectiveOn: row.effective_on,
    abolishedOn: row.abolished_on,
  };
}

/**
 * Writes the postings of every stored document into the (empty) FTS5 tables, segmenting the stored
 * originals again, in publication order (migrations that change the FTS5 tables' options).
 */
export async function rebuildFullTextSqlite(db: Queryable, rowsPerBatch = 1_000): Promise<number> {
  let after = -1;
  let written = 0;
  for (;;) {
    const rows = (
      await sql<SearchDocumentsTable>`select * from search_documents where sort_key > ${after}
        order by sort_key limit ${rowsPerBatch}`.execute(db)
    ).rows;
    if (rows.length === 0) return written;
    const columns = new Map<number, string[]>();
    for (let i = 0; i < rows.length; i += BATCH) {
      const ids = rows.slice(i, i + BATCH).map((r) => Number(r.id));
      const found = await run<{ doc_id: number; column_code: string }>(
        db,
        statementText(
          'select doc_id, column_code from search_document_columns where doc_id in (',
          0,
          ids.length,
          ')',
        ),
        ids,
      );
      for (const c of found) {
        const list = columns.get(Number(c.doc_id)) ?? [];
        list.push(c.column_code);
        columns.set(Number(c.doc_id), list);
      }
    }
    const prepared = rows.map((r) => {
      const p = prepareDocument(storedDocument(r, (columns.get(Number(r.id)) ?? []).sort()));
      // The key as stored (it was computed from the same fields when the row was written).
      p.sortKey = Number(r.sort_key);
      return p;
    });
    await insertFullText(db, prepared);
    written += rows.length;
    after = Number(rows.at(-1)!.sort_key);
  }
}
