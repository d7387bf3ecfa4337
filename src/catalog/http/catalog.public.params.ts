import { ORG_CODE_PATTERN } from '../../orgs/org.rules.js';
import { DOC_TYPES, type DocType } from '../catalog.tables.js';
import type { Validity } from './catalog.public.view.js';

/**
 * Query-string parsing for the public listings, search page and API. Lenient by design: a value that
 * makes no sense (an unknown column, a year of "abc", page -3) is dropped rather than answered with an
 * error page, because these come from links people edit, share and mistype.
 */

export const PAGE_SIZE = 20;
/** The deepest page offered (the search index stops at offset 10,000). */
export const MAX_PAGE = 500;
/** What is kept of a query for display and search; the index cuts further (MAX_QUERY_CHARS). */
export const MAX_QUERY_DISPLAY = 200;

const COLUMN_CODE = /^[a-z0-9_-]{1,60}$/;
const VALIDITIES: readonly Validity[] = ['valid', 'abolished', 'not_yet_effective'];

type Raw = Record<string, string | undefined>;

function pageOf(value: string | undefined): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  return Math.min(Math.max(1, Number(value)), MAX_PAGE);
}

function yearOf(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}$/.test(value)) return undefined;
  const year = Number(value);
  return year >= 1949 && year <= 2200 ? year : undefined;
}

export function columnCodeOf(value: string | undefined): string | undefined {
  return value && COLUMN_CODE.test(value) ? value : undefined;
}

export function orgCodeOf(value: string | undefined): string | undefined {
  return value && ORG_CODE_PATTERN.test(value) ? value : undefined;
}

export interface CatalogParams {
  column?: string;
  year?: number;
  page: number;
}

export function parseCatalogParams(raw: Raw): CatalogParams {
  return { column: columnCodeOf(raw.column), year: yearOf(raw.year), page: pageOf(raw.page) };
}

/**
 * A query as typed, made safe to carry: control characters (NUL breaks PostgreSQL text) and
 * unpaired surrogates removed, whitespace collapsed, cut to MAX_QUERY_DISPLAY characters.
 */
export function cleanQuery(value: string | undefined): string {
  if (!value) return '';
  const chars = [...value.normalize('NFC')]
    // eslint-disable-next-line no-control-regex
    .map((ch) => (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(ch) ? ' ' : ch))
    .filter((ch) => !/^[\ud800-\udfff]$/.test(ch));
  return chars.join('').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_DISPLAY);
}

export interface SearchParams {
  q: string;
  org?: string;
  column?: string;
  year?: number;
  docType?: DocType;
  validity?: Validity;
  sort: 'relevance' | 'date';
  page: number;
}

export function parseSearchParams(raw: Raw): SearchParams {
  const docType = (DOC_TYPES as readonly string[]).includes(raw.type ?? '')
    ? (raw.type as DocType)
    : undefined;
  const validity = (VALIDITIES as readonly string[]).includes(raw.validity ?? '')
    ? (raw.validity as Validity)
    : undefined;
  return {
    q: cleanQuery(raw.q),
    org: orgCodeOf(raw.org),
    column: columnCodeOf(raw.column),
    year: yearOf(raw.year),
    docType,
    validity,
    sort: raw.sort === 'date' ? 'date' : 'relevance',
    page: pageOf(raw.page),
  };
}

/** Whether any filter narrows the search (for "search again without the filters"). */
export function hasSearchFilters(p: SearchParams): boolean {
  return Boolean(p.org || p.column || p.year || p.docType || p.validity);
}

/** The query string of a search (only what is set), for links: pages, "without filters". */
export function searchQueryString(p: Partial<SearchParams>): string {
  const out = new URLSearchParams();
  if (p.q) out.set('q', p.q);
  if (p.org) out.set('org', p.org);
  if (p.column) out.set('column', p.column);
  if (p.year) out.set('year', String(p.year));
  if (p.docType) out.set('type', p.docType);
  if (p.validity) out.set('validity', p.validity);
  if (p.sort && p.sort !== 'relevance') out.set('sort', p.sort);
  if (p.page && p.page > 1) out.set('page', String(p.page));
  const s = out.toString();
  return s ? `?${s}` : '';
}
