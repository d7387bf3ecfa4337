import type { Generated } from 'kysely';

/**
 * The disclosure catalog (政府信息公开目录). Conventions as everywhere: instants ISO-8601 UTC text,
 * dates `YYYY-MM-DD` text in the office time zone, flags integer 0/1, lists and snapshots JSON text.
 */

export const ITEM_STATUSES = ['draft', 'submitted', 'approved', 'published', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** 规章 / 行政规范性文件 / anything else; the first two feed annual-report section 二 (第二十条第（一）项). */
export const DOC_TYPES = ['regulation', 'normative', 'other'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const COLUMN_KINDS = ['category', 'statutory', 'key_area'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export const PII_KINDS = ['resident_id', 'mobile', 'bank_card', 'email'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const PII_STATUSES = ['open', 'redacted', 'accepted'] as const;
export type PiiStatus = (typeof PII_STATUSES)[number];

export interface CatalogItemsTable {
  id: Generated<number>;
  org_id: number;
  /** 索引号: assigned from the office's pattern at publication when not given; unique when set. */
  index_number: string | null;
  title: string;
  /** 内容概述 */
  summary: string;
  /** 正文, sanitised HTML (never stored unsanitised). */
  body_html: string;
  /** 正文 as plain text, derived from body_html: what the search index and the PII scan read. */
  body_text: string;
  /** 成文日期 (条例第十二条 "生成日期"). */
  formed_on: string | null;
  /** 发布日期 */
  published_on: string | null;
  published_at: string | null;
  published_by: number | null;
  /** A future publication instant while the item waits, approved, for the scheduler. */
  scheduled_at: string | null;
  /** 文号, e.g. 东府〔2025〕12号 */
  doc_number: string | null;
  doc_type: DocType;
  /** 主题分类 */
  subject_category: string | null;
  /** 体裁分类 */
  genre: string | null;
  /** 主题词, JSON array of strings. */
  keywords_json: string;
  /** 公开方式, e.g. 主动公开 */
  disclosure_method: string;
  /** 公开范围, e.g. 面向全社会 */
  disclosure_scope: string;
  /** 信息来源 (optional). */
  source: string | null;
  // Validity lifecycle of 规章 and 行政规范性文件 (annual report section 二: 制发, 废止, 现行有效).
  issued_on: string | null;
  effective_on: string | null;
  amended_on: string | null;
  amended_by_item_id: number | null;
  abolished_on: string | null;
  status: ItemStatus;
  submitted_by: number | null;
  submitted_at: string | null;
  /** 保密审查 outcome of the latest review. */
  review_decision: 'approved' | 'rejected' | null;
  review_opinion: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  withdrawal_reason: string | null;
  withdrawn_at: string | null;
  withdrawn_by: number | null;
  /** 条例第二十六条: published more than 20 working days after formed_on. */
  is_late: Generated<number>;
  /** Working days from formed_on to published_on, when both are known. */
  publication_working_days: number | null;
  /** Incremented on every saved change; equals the latest revision number. */
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_by: number | null;
  updated_at: string;
}

export interface CatalogItemRevisionsTable {
  id: Generated<number>;
  item_id: number;
  revision: number;
  /** What caused it: `create`, `update`, `submit`, `review`, `publish`, … */
  action: string;
  /** The full item row (plus its column codes) after the change. */
  snapshot_json: string;
  created_by: number | null;
  created_at: string;
}

export interface CatalogColumnsTable {
  id: Generated<number>;
  /** Stable code, unique across the city (org-specific columns carry their org's prefix). */
  code: string;
  name: string;
  name_en: string | null;
  kind: ColumnKind;
  parent_id: number | null;
  sort_order: Generated<number>;
  /** null: a city-wide column every office may use; otherwise that office's own column. */
  org_id: number | null;
  is_active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CatalogItemColumnsTable {
  item_id: number;
  column_id: number;
}

export interface CatalogAttachmentsTable {
  id: Generated<number>;
  item_id: number;
  /** FileStorage key (content-addressed); the original name never becomes a path. */
  storage_key: string;
  /** As uploaded, for display and Content-Disposition only. */
  original_name: string;
  /** Detected from the content, not taken from the upload. */
  content_type: string;
  extension: string;
  size: number;
  sha256: string;
  extracted_text: string | null;
  /** Why text extraction failed, when it did (the upload is kept). */
  extraction_error: string | null;
  sort_order: Generated<number>;
  created_by: number | null;
  created_at: string;
}

export interface CatalogIndexSequencesTable {
  org_id: number;
  year: number;
  last_seq: number;
}

export interface CatalogPiiFindingsTable {
  id: Generated<number>;
  item_id: number;
  source: 'body' | 'attachment';
  attachment_id: number | null;
  kind: PiiKind;
  /** Character offsets of the match in the scanned text (body_text or the attachment's text). */
  start_offset: number;
  end_offset: number;
  /** The match with most characters masked, plus a little context: never the full value. */
  excerpt_masked: string;
  /** sha256 of the matched value, so a redaction finds exactly this value again. */
  match_sha256: string;
  status: PiiStatus;
  decided_by: number | null;
  decided_at: string | null;
  note: string | null;
  created_at: string;
}

export interface CatalogSettingsTable {
  org_id: number;
  /** 索引号 pattern, e.g. `{orgCode}/{yyyy}-{seq:5}`; must contain `{seq}`. */
  index_pattern: string;
  updated_by: number | null;
  updated_at: string;
}

export interface CatalogTables {
  catalog_items: CatalogItemsTable;
  catalog_item_revisions: CatalogItemRevisionsTable;
  catalog_columns: CatalogColumnsTable;
  catalog_item_columns: CatalogItemColumnsTable;
  catalog_attachments: CatalogAttachmentsTable;
  catalog_index_sequences: CatalogIndexSequencesTable;
  catalog_pii_findings: CatalogPiiFindingsTable;
  catalog_settings: CatalogSettingsTable;
}
