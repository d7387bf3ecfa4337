import type { Database } from '../../platform/db/database.js';
import type { FileStorage } from '../../platform/storage/storage.js';
import { createSearchIndex } from '../../platform/search/search-index.js';
import { seedPublicFixture } from '../../orgs/http/public.fixtures.js';
import {
  findColumnsByCodes,
  insertAttachment,
  insertItem,
  replaceItemColumns,
  type CatalogItem,
  type NewCatalogItemRow,
} from '../catalog.repository.js';
import type { DocType, ItemStatus } from '../catalog.tables.js';

/**
 * Catalog content for the public pages' tests and the e2e journey, over the organisations of
 * public.fixtures.ts (city › fgw, jyj › jyj-kszx, xinan › xinan-dzb, beishan). Rows are written with
 * the repository (the publishing use cases are tested on their own); published items are indexed
 * the way the publishing use case indexes them.
 */

const AT = '2026-02-01T02:00:00.000Z';

interface ItemSpec {
  key: string;
  orgCode: string;
  status: ItemStatus;
  title: string;
  indexNumber?: string | null;
  summary?: string;
  bodyHtml?: string;
  publishedOn?: string;
  formedOn?: string;
  docNumber?: string | null;
  docType?: DocType;
  columns?: string[];
  keywords?: string[];
  effectiveOn?: string | null;
  abolishedOn?: string | null;
  withdrawalReason?: string;
  attachment?: { name: string; contentType: string; extension: string; bytes: Uint8Array };
}

const text = (s: string) => new TextEncoder().encode(s);

export const CATALOG_FIXTURE = {
  budget: {
    key: 'budget',
    orgCode: 'fgw',
    status: 'published',
    title: '示范市发展和改革局2025年部门预算公开',
    indexNumber: 'SFFGW001/2025-00001',
    summary: '公开本局2025年部门收支预算和“三公”经费预算。',
    bodyHtml:
      '<p>根据《中华人民共和国预算法》，现将本局2025年部门预算公开如下。</p><p>拆迁补偿支出另行公开。</p>',
    publishedOn: '2025-02-10',
    formedOn: '2025-02-01',
    docNumber: '示发改〔2025〕12号',
    columns: ['art20_7', 'cat-statistics', 'key-budget'],
    keywords: ['预算', '三公经费'],
    attachment: {
      name: '2025年部门预算表（终稿）.pdf',
      contentType: 'application/pdf',
      extension: 'pdf',
      bytes: text('%PDF-1.4\n% demo budget table\n'),
    },
  },
  rule: {
    key: 'rule',
    orgCode: 'fgw',
    status: 'published',
    title: '示范市价格监督检查管理办法',
    indexNumber: 'SFFGW001/2024-00007',
    summary: '规范价格监督检查工作。',
    bodyHtml: '<p>第一条 为规范价格监督检查工作，制定本办法。</p>',
    publishedOn: '2024-05-20',
    formedOn: '2024-05-01',
    docNumber: '示发改规〔2024〕3号',
    docType: 'normative',
    columns: ['art20_1', 'cat-regulations'],
    effectiveOn: '2024-06-01',
    abolishedOn: '2025-12-31',
  },
  schoolPlan: {
    key: 'schoolPlan',
    orgCode: 'jyj-kszx',
    status: 'published',
    title: '2026年示范市中考考试安排公告',
    indexNumber: 'SFJYKS/2026-00002',
    summary: '中考时间、考点和注意事项。',
    bodyHtml: '<p>2026年中考于6月举行。</p>',
    publishedOn: '2026-01-15',
    columns: ['art20_11'],
  },
  townNotice: {
    key: 'townNotice',
    orgCode: 'xinan',
    status: 'published',
    title: '新安街道征地拆迁补偿方案公示',
    indexNumber: 'XINAN/2026-00001',
    summary: '征地拆迁补偿标准公示。',
    bodyHtml: '<p>补偿标准如下。</p>',
    publishedOn: '2026-02-01',
    columns: ['art21_city', 'key-expropriation'],
  },
  draft: {
    key: 'draft',
    orgCode: 'fgw',
    status: 'draft',
    title: '草稿内部预算调整意见',
    indexNumber: null,
    summary: '尚未审查的草稿。',
    columns: ['art20_7'],
  },
  submitted: {
    key: 'submitted',
    orgCode: 'fgw',
    status: 'submitted',
    title: '待审查预算执行情况报告',
    indexNumber: 'SFFGW001/2026-00099',
    columns: ['art20_7'],
    attachment: {
      name: '待审查附件.pdf',
      contentType: 'application/pdf',
      extension: 'pdf',
      bytes: text('%PDF-1.4\n% not yet public\n'),
    },
  },
  withdrawn: {
    key: 'withdrawn',
    orgCode: 'fgw',
    status: 'withdrawn',
    title: '已撤回的预算说明',
    indexNumber: 'SFFGW001/2025-00003',
    publishedOn: '2025-03-01',
    columns: ['art20_7'],
    withdrawalReason: '数据有误，已更正后重新发布',
    attachment: {
      name: '撤回附件.pdf',
      contentType: 'application/pdf',
      extension: 'pdf',
      bytes: text('%PDF-1.4\n% withdrawn\n'),
    },
  },
} satisfies Record<string, ItemSpec>;

/** 23 small published items of the city government in one column, for pagination. */
export const CITY_NOTICES = 23;

export interface SeededCatalog {
  items: Record<keyof typeof CATALOG_FIXTURE, CatalogItem>;
  attachmentIds: Partial<Record<keyof typeof CATALOG_FIXTURE, number>>;
}

async function insertSpec(
  database: Database,
  storage: FileStorage,
  spec: ItemSpec,
): Promise<{ item: CatalogItem; attachmentId?: number }> {
  const { db } = database;
  const org = await db
    .selectFrom('orgs')
    .selectAll()
    .where('code', '=', spec.orgCode)
    .executeTakeFirstOrThrow();
  const published = spec.status === 'published' || spec.status === 'withdrawn';
  const bodyHtml = spec.bodyHtml ?? '';
  const row: NewCatalogItemRow = {
    org_id: org.id,
    index_number: spec.indexNumber ?? null,
    title: spec.title,
    summary: spec.summary ?? '',
    body_html: bodyHtml,
    body_text: bodyHtml
      .replace(/<[^>]+>/g, '\n')
      .replace(/\n+/g, '\n')
      .trim(),
    formed_on: spec.formedOn ?? null,
    published_on: published ? (spec.publishedOn ?? null) : null,
    published_at: published && spec.publishedOn ? `${spec.publishedOn}T01:00:00.000Z` : null,
    published_by: published ? 1 : null,
    scheduled_at: null,
    doc_number: spec.docNumber ?? null,
    doc_type: spec.docType ?? 'other',
    subject_category: spec.docType === 'normative' ? '综合政务' : null,
    genre: null,
    keywords_json: JSON.stringify(spec.keywords ?? []),
    disclosure_method: '主动公开',
    disclosure_scope: '面向全社会',
    source: null,
    issued_on: spec.docType === 'normative' ? (spec.formedOn ?? null) : null,
    effective_on: spec.effectiveOn ?? null,
    amended_on: null,
    amended_by_item_id: null,
    abolished_on: spec.abolishedOn ?? null,
    status: spec.status,
    submitted_by: spec.status === 'draft' ? null : 7,
    submitted_at: spec.status === 'draft' ? null : AT,
    review_decision: published ? 'approved' : null,
    review_opinion: published ? '审查意见：不涉密（内部）' : null,
    reviewed_by: published ? 8 : null,
    reviewed_at: published ? AT : null,
    withdrawal_reason: spec.withdrawalReason ?? null,
    withdrawn_at: spec.status === 'withdrawn' ? '2026-02-20T03:00:00.000Z' : null,
    withdrawn_by: spec.status === 'withdrawn' ? 8 : null,
    publication_working_days: null,
    created_by: 7,
    created_at: AT,
    updated_by: 7,
    updated_at: AT,
  };
  const item = await insertItem(db, row);
  const columns = await findColumnsByCodes(db, spec.columns ?? []);
  await replaceItemColumns(
    db,
    item.id,
    columns.map((c) => c.id),
  );
  let attachmentId: number | undefined;
  if (spec.attachment) {
    const stored = await storage.put(spec.attachment.bytes, { originalName: spec.attachment.name });
    const att = await insertAttachment(db, {
      item_id: item.id,
      storage_key: stored.key,
      original_name: spec.attachment.name,
      content_type: spec.attachment.contentType,
      extension: spec.attachment.extension,
      size: stored.size,
      sha256: stored.sha256,
      extracted_text: null,
      extraction_error: null,
      created_by: 7,
      created_at: AT,
    });
    attachmentId = att.id;
  }
  if (spec.status === 'published') {
    await createSearchIndex(database).upsert(db, {
      id: item.id,
      orgId: org.id,
      orgPath: org.path,
      orgCode: org.code,
      indexNumber: item.index_number ?? '',
      title: item.title,
      summary: item.summary,
      body: item.body_text,
      attachmentText: '',
      docNumber: item.doc_number,
      keywords: spec.keywords ?? [],
      columns: spec.columns ?? [],
      publishedOn: item.published_on!,
      docType: item.doc_type,
      effectiveOn: item.effective_on,
      abolishedOn: item.abolished_on,
    });
  }
  return { item, attachmentId };
}

/** The organisations of public.fixtures.ts plus the catalog items above and CITY_NOTICES notices. */
export async function seedCatalogFixture(database: Database, storage: FileStorage): Promise<SeededCatalog> {
  await seedPublicFixture(database);
  const items = {} as SeededCatalog['items'];
  const attachmentIds: SeededCatalog['attachmentIds'] = {};
  for (const [key, spec] of Object.entries(CATALOG_FIXTURE) as [keyof typeof CATALOG_FIXTURE, ItemSpec][]) {
    const { item, attachmentId } = await insertSpec(database, storage, spec);
    items[key] = item;
    if (attachmentId !== undefined) attachmentIds[key] = attachmentId;
  }
  for (let i = 1; i <= CITY_NOTICES; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    await insertSpec(database, storage, {
      key: `notice${i}`,
      orgCode: 'city',
      status: 'published',
      title: `示范市人民政府关于第${i}批重大建设项目的通知`,
      indexNumber: `SFCITY/2025-${String(i).padStart(5, '0')}`,
      summary: `第${i}批重大建设项目名单。`,
      bodyHtml: `<p>现将第${i}批重大建设项目名单公布如下。</p>`,
      publishedOn: `2025-11-${day}`,
      columns: ['art20_10'],
    });
  }
  return { items, attachmentIds };
}
