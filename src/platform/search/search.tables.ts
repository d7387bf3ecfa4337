/**
 * The search index's own tables (migrations/0003-search.ts). `search_documents` holds the public
 * fields of every published item (for filters, snippets and the CLI) so that search never reads the
 * catalog's tables. The full-text structures are dialect-specific and reached with raw SQL only:
 * SQLite `search_fts` (FTS5, contentless, rowid = item id); PostgreSQL `search_documents.tsv`
 * (tsvector, GIN).
 */
export interface SearchDocumentsTable {
  /** The catalog item id (not generated here). */
  id: number;
  org_id: number;
  org_path: string;
  org_code: string;
  index_number: string;
  title: string;
  summary: string;
  body: string;
  attachment_text: string;
  doc_number: string | null;
  /** JSON array of strings. */
  keywords: string;
  published_on: string;
  doc_type: string;
  effective_on: string | null;
  abolished_on: string | null;
  /** Publication order key (text-pipeline.ts sortKeyOf); the FTS5 rowid on SQLite. */
  sort_key: number;
}

export interface SearchDocumentColumnsTable {
  doc_id: number;
  column_code: string;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_document_columns: SearchDocumentColumnsTable;
}
