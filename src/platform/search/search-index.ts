import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import type { PreparedDocument } from './text-pipeline.js';
import { DEFAULT_TUNING, SQLITE_COUNT_CAP, type SearchTuning } from './search.repository.js';
import { createSqliteSearchIndex } from './sqlite-search-index.js';
import { createPostgresSearchIndex } from './postgres-search-index.js';

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
  /**
   * Matches, counted exactly up to a cap (PostgreSQL 10,000, SQLite 2,000); see totalIsLowerBound and
   * totalIsEstimate.
   */
  total: number;
  /** Set when there are more matches than `total` (the count stopped at the cap: "超过 2,000 条"). */
  totalIsLowerBound?: boolean;
  /**
   * Set when `total` is an estimate, not a count (PostgreSQL, queries matching very many items:
   * "约 53,000 条"). The hits are exact either way.
   */
  totalIsEstimate?: boolean;
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

/** Extra fields each hit carries beyond SearchHit (for the CLI and the public results page). */
export interface SearchHitDetails extends SearchHit {
  indexNumber: string;
  title: string;
  orgCode: string;
  publishedOn: string;
  /** The snippet as plain text (no markup). */
  snippetText: string;
}

export interface DetailedSearchResult extends SearchResult {
  hits: SearchHitDetails[];
}

/** What both implementations actually return: the interface plus detailed hits and a prepared bulk path. */
export interface DetailedSearchIndex extends SearchIndex {
  search(db: Queryable, query: SearchQuery): Promise<DetailedSearchResult>;
  /** Bulk path for already segmented documents (segmentation done in worker threads). */
  upsertPrepared(db: Queryable, docs: PreparedDocument[]): Promise<void>;
}

/** Picks the implementation from database.dialect.kind. `tuning` is for tests and benchmarks. */
export function createSearchIndex(
  database: Database,
  tuning: Partial<SearchTuning> = {},
): DetailedSearchIndex {
  if (database.dialect.kind === 'postgres') return createPostgresSearchIndex({ ...DEFAULT_TUNING, ...tuning });
  return createSqliteSearchIndex({ ...DEFAULT_TUNING, countCap: SQLITE_COUNT_CAP, ...tuning });
}
