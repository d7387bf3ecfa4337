import { type RawBuilder } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import type { SearchDocumentsTable } from './search.tables.js';
import type { SearchDocument } from './search-index.js';
import { sortKeyOf, type PreparedDocument } from './text-pipeline.js';

/**
 * The write half shared by both SearchIndex implementations: the `search_documents` row of a document
 * (the public fields, for filters, snippets and the CLI). PostgreSQL writes it with its columns here
 * (`insertDocuments`, adding the tsvectors); SQLite writes the same rows with fixed statements of its
 * own (sqlite-search-writer.ts). Each engine deletes in its own way.
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
