import type { CatalogAttachment, CatalogColumn, ItemWithOrg } from './catalog.repository.js';
import type { DocType } from './catalog.tables.js';
import { parseKeywords } from './item-support.js';
import { validityOn, type Validity } from './validity.rules.js';

/**
 * What the public sees of an item: the 目录 metadata, the sanitised body and the attachments. Never the
 * creator, submitter, reviewer or publisher, the review opinion, personal-data findings, drafts'
 * fields, storage keys, or the lateness flag (an internal supervision figure).
 */
export interface PublicItem {
  id: number;
  indexNumber: string;
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
  validity: Validity | null;
  issuedOn: string | null;
  effectiveOn: string | null;
  amendedOn: string | null;
  amendedByItemId: number | null;
  abolishedOn: string | null;
  columns: { code: string; name: string; nameEn: string | null }[];
  attachments: { id: number; name: string; contentType: string; extension: string; size: number }[];
  /** Present when the item was withdrawn: the public page says so instead of showing the content. */
  withdrawn: { on: string; reason: string } | null;
}

/** A published item for the public; a withdrawn one keeps only its title, numbers and the withdrawal. */
export function presentItemForPublic(
  item: ItemWithOrg,
  related: { columns: readonly CatalogColumn[]; attachments: readonly CatalogAttachment[]; today: string },
): PublicItem {
  const withdrawn = item.status === 'withdrawn';
  return {
    id: item.id,
    indexNumber: item.index_number ?? '',
    title: item.title,
    summary: withdrawn ? '' : item.summary,
    bodyHtml: withdrawn ? '' : item.body_html,
    org: { code: item.orgCode, name: item.orgName, nameEn: item.orgNameEn },
    formedOn: item.formed_on,
    publishedOn: item.published_on,
    docNumber: item.doc_number,
    docType: item.doc_type,
    subjectCategory: item.subject_category,
    genre: item.genre,
    keywords: parseKeywords(item.keywords_json),
    disclosureMethod: item.disclosure_method,
    disclosureScope: item.disclosure_scope,
    source: item.source,
    validity: validityOn(item, related.today),
    issuedOn: item.issued_on,
    effectiveOn: item.effective_on,
    amendedOn: item.amended_on,
    amendedByItemId: item.amended_by_item_id,
    abolishedOn: item.abolished_on,
    columns: related.columns.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en })),
    attachments: withdrawn
      ? []
      : related.attachments.map((a) => ({
          id: a.id,
          name: a.original_name,
          contentType: a.content_type,
          extension: a.extension,
          size: a.size,
        })),
    withdrawn: withdrawn
      ? { on: (item.withdrawn_at ?? '').slice(0, 10), reason: item.withdrawal_reason ?? '' }
      : null,
  };
}
