import { type RawBuilder } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { SearchDocumentsTable } from './search.tables.js';
import type { SearchDocument } from './search-index.js';
import { sortKeyOf, type PreparedDocument } from './text-pipeline.js';

/**
 * The write half shared by both SearchIndex implementations: the `search_documents` rows (the public
 * fields, for filters, snippets and the CLI) and their columns. The engines add their full text
 * (sqlite-search-writer.ts, postgres-search-writer.ts).
 */

/** Batch size for multi-row inserts (SQLite allows 32,766 bound parameters, PostgreSQL 65,535). */
export const BATCH = 200;

export function documentRow(doc: SearchDocument): SearchDocumentsTable {
  return {
    id: doc.id,
    org_id: doc.orgId,
    org_path: doc.orgPath,
    org_code: doc.orgCode,
    index_number: doc.indexNumber,
    title: doc.title,
    summary: doc.summary ?? '',
    body: doc.body ?? '',
    attachment_text: (doc.attachmentText ?? '').slice(0, 200_000),
    doc_number: doc.docNumber,
    keywords: JSON.stringify(doc.keywords ?? []),
    published_on: doc.publishedOn,
    doc_type: doc.docType,
    effective_on: doc.effectiveOn,
    abolished_on: doc.abolishedOn,
    sort_key: sortKeyOf(doc.publishedOn, doc.id),
  };
}

export async function deleteDocuments(db: Queryable, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    await db.deleteFrom('search_document_columns').where('doc_id', 'in', chunk).execute();
    await db.deleteFrom('search_documents').where('id', 'in', chunk).execute();
  }
}

/**
 * Writes the documents' rows. `extra` adds engine-specific column values (the tsvector on
 * PostgreSQL) to each row.
 */
export async function insertDocuments(
  db: Queryable,
  docs: PreparedDocument[],
  extra?: (p: PreparedDocument) => Record<string, RawBuilder<unknown>>,
): Promise<void> {
  const rowsPerBatch = extra ? 100 : BATCH;
  for (let i = 0; i < docs.length; i += rowsPerBatch) {
    const chunk = docs.slice(i, i + rowsPerBatch);
    await db
      .insertInto('search_documents')
      .values(chunk.map((p) => ({ ...documentRow(p.doc), ...(extra?.(p) ?? {}) })))
      .execute();
    const columns = chunk.flatMap((p) =>
      [...new Set(p.doc.columns ?? [])].map((code) => ({ doc_id: p.doc.id, column_code: code })),
    );
    for (let j = 0; j < columns.length; j += 500) {
      await db
        .insertInto('search_document_columns')
        .values(columns.slice(j, j + 500))
        .execute();
    }
  }
}
