import type { Lang } from '../../platform/i18n/i18n.js';
import type { CatalogAttachment, CatalogColumn, ItemWithOrg } from '../catalog.repository.js';
import type { DocType } from '../catalog.tables.js';
import { sanitizeBodyHtml } from '../body.rules.js';
import type { Validity as ItemValidity } from '../validity.rules.js';
import { presentItemForPublic } from '../catalog.presenter.js';

/**
 * Addresses and small formatting rules of the public catalog pages, feeds, sitemap and API.
 *
 * Item URLs (style.md §21): `/xxgk/{orgCode}/items/{indexNumber}` with the 索引号 as it is written,
 * slashes included (`/xxgk/dg-fgj/items/11441900MB2C12345X/2024-00012`): readable, and what a
 * reader copies from the metadata block is exactly the tail of the address. Each segment between the
 * slashes is percent-encoded, so a pattern with spaces, `?`, `#` or Chinese characters still gives a
 * valid URL; the route captures the rest of the path and decodes it.
 */
export function itemPath(orgCode: string, indexNumber: string): string {
  return `/xxgk/${orgCode}/items/${indexNumber.split('/').map(encodeURIComponent).join('/')}`;
}

/** The public address of an item, or null while it has no 索引号 (it then has no public page). */
export function itemPathOf(item: { orgCode: string; index_number: string | null }): string | null {
  return item.index_number ? itemPath(item.orgCode, item.index_number) : null;
}

export function attachmentPath(itemId: number, attachmentId: number): string {
  return `/files/${itemId}/${attachmentId}`;
}

/** A catalog listing: the city-wide one, or one organisation's (with the offices under it). */
export function catalogPath(orgCode?: string): string {
  return orgCode ? `/xxgk/${orgCode}/items` : '/xxgk/catalog';
}

export function feedPath(format: 'atom' | 'rss', orgCode?: string, column?: string): string {
  const base = orgCode ? `/xxgk/${orgCode}/feed.${format}` : `/xxgk/catalog/feed.${format}`;
  return column ? `${base}?column=${encodeURIComponent(column)}` : base;
}

/** The calendar date (YYYY-MM-DD) of an instant in the office time zone. */
export function dateIn(instant: Date | string, timeZone: string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant).slice(0, 10);
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** The validity filter's values (the search index's); an item's own validity may also be `amended`. */
export type Validity = 'valid' | 'abolished' | 'not_yet_effective';

/** A column's name in the reader's language (the English name where the taxonomy has one). */
export function columnName(column: Pick<CatalogColumn, 'name' | 'name_en'>, lang: Lang): string {
  return lang === 'en' && column.name_en ? column.name_en : column.name;
}

/** 1.2 MB, 340 KB, 12 B: sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const TYPE_NAMES: Record<string, string> = {
  pdf: 'PDF',
  doc: 'Word',
  docx: 'Word',
  xls: 'Excel',
  xlsx: 'Excel',
  csv: 'CSV',
  jpg: 'JPEG',
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  txt: 'TXT',
  ofd: 'OFD',
  zip: 'ZIP',
};

/** The file type a reader recognises (PDF, Word, Excel…), from the stored extension. */
export function fileTypeName(attachment: Pick<CatalogAttachment, 'extension' | 'content_type'>): string {
  const ext = attachment.extension.replace(/^\./, '').toLowerCase();
  return TYPE_NAMES[ext] ?? (ext ? ext.toUpperCase() : attachment.content_type);
}

/**
 * `Content-Disposition: attachment` for a stored name: an ASCII fallback for old clients and the
 * real name as RFC 5987 `filename*` (UTF-8, percent-encoded). Control characters, quotes, slashes and
 * back-slashes never reach the header.
 */
export function contentDisposition(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').trim() || 'download';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The page count of `total` items at `pageSize` per page (at least 1). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Items the public may see in a listing row; everything here is also on the item page. */
export interface PublicListRow {
  id: number;
  title: string;
  path: string | null;
  orgCode: string;
  orgName: string;
  orgNameEn: string | null;
  indexNumber: string | null;
  publishedOn: string | null;
  docNumber: string | null;
}

export function toListRow(item: ItemWithOrg): PublicListRow {
  return {
    id: item.id,
    title: item.title,
    path: itemPathOf(item),
    orgCode: item.orgCode,
    orgName: item.orgName,
    orgNameEn: item.orgNameEn,
    indexNumber: item.index_number,
    publishedOn: item.published_on,
    docNumber: item.doc_number,
  };
}

/**
 * What the public may see of a published item: the 目录 metadata (cn-rules §4), the text and the
 * attachments. Nothing about who drafted, reviewed or published it, no review opinion, no
 * personal-data findings, no scheduling or revision details.
 */
export interface PublicItem {
  id: number;
  url: string | null;
  indexNumber: string | null;
  title: string;
  summary: string;
  bodyHtml: string;
  org: { code: string; name: string; nameEn: string | null };
  formedOn: string | null;
  publishedOn: string | null;
  docNumber: string | null;
  docType: DocType;
  subjectCategory: string | null;
  genre: string | null;
  keywords: string[];
  disclosureMethod: string;
  disclosureScope: string;
  source: string | null;
  issuedOn: string | null;
  effectiveOn: string | null;
  amendedOn: string | null;
  abolishedOn: string | null;
  validity: ItemValidity | null;
  columns: { code: string; name: string; nameEn: string | null; kind: string }[];
  attachments: {
    id: number;
    name: string;
    type: string;
    contentType: string;
    size: number;
    url: string;
  }[];
  amendedBy: { title: string; url: string | null } | null;
}

/**
 * The catalog's public presenter (catalog.presenter.ts) plus what the pages and the API add: the
 * item's address, each attachment's download address and readable type, the amending item's link,
 * and only the columns still active.
 */
export function toPublicItem(input: {
  item: ItemWithOrg;
  columns: CatalogColumn[];
  attachments: CatalogAttachment[];
  amendedBy: { title: string; orgCode: string; index_number: string | null } | undefined;
  today: string;
}): PublicItem {
  const { item } = input;
  const p = presentItemForPublic(item, {
    columns: input.columns.filter((col) => col.is_active === 1),
    attachments: input.attachments,
    today: input.today,
  });
  return {
    id: p.id,
    url: itemPathOf(item),
    indexNumber: item.index_number,
    title: p.title,
    summary: p.summary,
    // Stored sanitised; sanitised again on the way out so that no import path can ever bypass it.
    bodyHtml: sanitizeBodyHtml(p.bodyHtml),
    org: p.org,
    formedOn: p.formedOn,
    publishedOn: p.publishedOn,
    docNumber: p.docNumber,
    docType: p.docType,
    subjectCategory: p.subjectCategory,
    genre: p.genre,
    keywords: p.keywords,
    disclosureMethod: p.disclosureMethod,
    disclosureScope: p.disclosureScope,
    source: p.source,
    issuedOn: p.issuedOn,
    effectiveOn: p.effectiveOn,
    amendedOn: p.amendedOn,
    abolishedOn: p.abolishedOn,
    validity: p.validity,
    columns: p.columns.map((col) => ({
      ...col,
      kind: input.columns.find((c) => c.code === col.code)?.kind ?? 'category',
    })),
    attachments: p.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      type: fileTypeName({ extension: a.extension, content_type: a.contentType }),
      contentType: a.contentType,
      size: a.size,
      url: attachmentPath(item.id, a.id),
    })),
    amendedBy: input.amendedBy ? { title: input.amendedBy.title, url: itemPathOf(input.amendedBy) } : null,
  };
}
