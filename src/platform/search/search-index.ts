import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';

export type DocType = 'regulation' | 'normative' | 'other';

export interface SearchDocument {
  id: number; // catalog item id
  orgId: number;
  orgPath: string; // materialised path like /1/7/ — filter "org with its sub-organisations" = prefix
  orgCode: string;
  indexNumber: string; // 索引号, exact lookup
  title: string;
  summary: string;
  body: string; // plain text (HTML already stripped by the caller)
  attachmentText: string;
  docNumber: string | null; // 文号, e.g. 东府〔2015〕12号
  keywords: string[];
  columns: string[]; // column codes the item sits in
  publishedOn: string; // YYYY-MM-DD
  docType: DocType;
  effectiveOn: string | null; // validity lifecycle, for the validity filter
  abolishedOn: string | null;
}

export interface SearchQuery {
  text: string;
  orgPath?: string;
  column?: string;
  year?: number; // of publishedOn
  docType?: DocType;
  validity?: 'valid' | 'abolished' | 'not_yet_effective';
  today?: string; // YYYY-MM-DD, needed for validity
  sort?: 'relevance' | 'date';
  limit?: number; // default 20, max 100
  offset?: number;
}

export interface SearchHit {
  id: number;
  score: number;
  /** HTML-escaped text with `<mark>` around matched terms, CJK spaces removed, safe to render raw. */
  titleHtml: string;
  snippetHtml: string;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  normalizedTerms: string[];
}

export interface SearchIndex {
  /** Called inside the caller's transaction: the index changes with the item. */
  upsert(db: Queryable, doc: SearchDocument): Promise<void>;
  remove(db: Queryable, id: number): Promise<void>;
  search(db: Queryable, query: SearchQuery): Promise<SearchResult>;
  /** Bulk path for imports, demo loading and benchmarks. */
  upsertMany(db: Queryable, docs: SearchDocument[]): Promise<void>;
}

/** Picks the implementation from database.dialect.kind. */
export function createSearchIndex(database: Database): SearchIndex {
  return implementations[database.dialect.kind]();
}

// Filled in by the implementation modules (sqlite-search-index.ts, postgres-search-index.ts).
const implementations: Record<Database['dialect']['kind'], () => SearchIndex> = {
  sqlite: () => {
    throw new Error('search: SQLite implementation not yet available');
  },
  postgres: () => {
    throw new Error('search: PostgreSQL implementation not yet available');
  },
};
