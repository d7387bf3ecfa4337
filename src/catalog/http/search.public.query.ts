import type { Database } from '../../platform/db/database.js';
import type { SearchIndex } from '../../platform/search/search-index.js';
import { findPublicOrg } from '../../orgs/http/orgs.public.presenter.js';
import { findColumnByCode, type ItemWithOrg } from '../catalog.repository.js';
import { listPublishedItemsByIds } from './catalog.public.queries.js';
import { PAGE_SIZE, type SearchParams } from './catalog.public.params.js';

/**
 * The public search, shared by the /search page and GET /api/v1/search: filters resolved (an
 * organisation code to its path, so its sub-organisations are included), the index asked, and each
 * hit joined to its published item (a hit whose item has since been withdrawn is dropped).
 */

export interface PublicSearchHit {
  item: ItemWithOrg;
  score: number;
  /** Escaped by the index, with `<mark>` around matched terms: safe to render raw. */
  titleHtml: string;
  snippetHtml: string;
}

export interface PublicSearchResult {
  total: number;
  /** True when matches were counted only up to the index's cap: there are at least `total`. */
  totalIsLowerBound: boolean;
  /** True when `total` is the index's estimate for a query matching very many items ("约 N 条"). */
  totalIsEstimate: boolean;
  hits: PublicSearchHit[];
  terms: string[];
  /** Filters that named nothing that exists (an unknown organisation or column): they are dropped. */
  ignored: ('org' | 'column')[];
}

export async function runPublicSearch(
  database: Database,
  index: SearchIndex,
  params: SearchParams,
  options: { today: string; pageSize?: number },
): Promise<PublicSearchResult> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const ignored: PublicSearchResult['ignored'] = [];
  if (!params.q)
    return { total: 0, totalIsLowerBound: false, totalIsEstimate: false, hits: [], terms: [], ignored };
  const db = database.db;
  let orgPath: string | undefined;
  if (params.org) {
    const org = await findPublicOrg(db, params.org);
    if (org) orgPath = org.org.path;
    else ignored.push('org');
  }
  let column: string | undefined;
  if (params.column) {
    const found = await findColumnByCode(db, params.column);
    if (found && found.is_active === 1) column = found.code;
    else ignored.push('column');
  }
  const result = await index.search(db, {
    text: params.q,
    ...(orgPath ? { orgPath } : {}),
    ...(column ? { column } : {}),
    ...(params.year ? { year: params.year } : {}),
    ...(params.docType ? { docType: params.docType } : {}),
    ...(params.validity ? { validity: params.validity, today: options.today } : {}),
    today: options.today,
    sort: params.sort,
    limit: pageSize,
    offset: (params.page - 1) * pageSize,
  });
  const items = await listPublishedItemsByIds(
    db,
    result.hits.map((h) => h.id),
  );
  const byId = new Map(items.map((i) => [i.id, i]));
  const hits: PublicSearchHit[] = [];
  for (const hit of result.hits) {
    const item = byId.get(hit.id);
    if (item) hits.push({ item, score: hit.score, titleHtml: hit.titleHtml, snippetHtml: hit.snippetHtml });
  }
  return {
    total: result.total,
    totalIsLowerBound: result.totalIsLowerBound === true,
    totalIsEstimate: result.totalIsEstimate === true,
    hits,
    terms: result.normalizedTerms,
    ignored,
  };
}
