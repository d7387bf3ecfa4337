import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiApp } from '../../platform/http/api.js';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { ORG_CODE_PATTERN } from '../../orgs/org.rules.js';
import { findPublicOrg } from '../../orgs/http/orgs.public.presenter.js';
import {
  findColumnByCode,
  findItemWithOrg,
  listAttachments,
  listItemColumns,
  listPublishedItems,
  type ItemWithOrg,
} from '../catalog.repository.js';
import { DOC_TYPES } from '../catalog.tables.js';
import { findPublishedItemRef } from './catalog.public.queries.js';
import { cleanQuery, MAX_PAGE } from './catalog.public.params.js';
import { dateIn, itemPathOf, toPublicItem } from './catalog.public.view.js';
import { runPublicSearch } from './search.public.query.js';
import { todayOf } from './catalog.public.routes.js';

/**
 * GET /api/v1/items, /api/v1/items/{id} and /api/v1/search: exactly what the public pages show
 * (published items, their 目录 metadata, text and attachments), never who drafted or reviewed them,
 * personal-data findings, drafts or anything waiting for review.
 */

const OrgRef = z
  .object({
    code: z.string().openapi({ example: 'dg-fgj' }),
    name: z.string().openapi({ example: '东莞市发展和改革局' }),
    nameEn: z.string().nullable(),
  })
  .openapi('ItemOrg');

const ItemSummary = z
  .object({
    id: z.number().int(),
    indexNumber: z.string().nullable().openapi({ example: '11441900MB2C12345X/2025-00012' }),
    title: z.string(),
    summary: z.string().openapi({ description: '内容概述' }),
    org: OrgRef,
    formedOn: z.string().nullable().openapi({ description: '成文日期 YYYY-MM-DD' }),
    publishedOn: z.string().nullable().openapi({ description: '发布日期 YYYY-MM-DD' }),
    docNumber: z.string().nullable().openapi({ example: '东府〔2025〕12号' }),
    docType: z.enum(DOC_TYPES),
    url: z.string().nullable().openapi({ description: 'The public page, relative to the site' }),
  })
  .openapi('ItemSummary');

const ItemDetail = ItemSummary.extend({
  bodyHtml: z.string().openapi({ description: '正文, sanitised HTML' }),
  subjectCategory: z.string().nullable(),
  genre: z.string().nullable(),
  keywords: z.array(z.string()),
  disclosureMethod: z.string(),
  disclosureScope: z.string(),
  source: z.string().nullable(),
  issuedOn: z.string().nullable(),
  effectiveOn: z.string().nullable(),
  amendedOn: z.string().nullable(),
  abolishedOn: z.string().nullable(),
  validity: z.enum(['valid', 'amended', 'abolished', 'not_yet_effective']).nullable().openapi({
    description: "On today's date, for items with a validity lifecycle (规章, 行政规范性文件); else null",
  }),
  columns: z.array(
    z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.string() }),
  ),
  attachments: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      type: z.string().openapi({ example: 'PDF' }),
      contentType: z.string(),
      size: z.number().int(),
      url: z.string().openapi({ description: 'Download address, relative to the site' }),
    }),
  ),
  amendedBy: z.object({ title: z.string(), url: z.string().nullable() }).nullable(),
}).openapi('Item');

const ItemList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(ItemSummary),
  })
  .openapi('ItemList');

const SearchResults = z
  .object({
    total: z.number().int(),
    totalIsLowerBound: z.boolean().openapi({
      description: 'true when matches were counted only up to a cap: there are at least `total`',
    }),
    totalIsEstimate: z.boolean().openapi({
      description:
        'true when `total` is an estimate, not a count (a query matching very many items; the hits are exact)',
    }),
    page: z.number().int(),
    pageSize: z.number().int(),
    terms: z.array(z.string()).openapi({ description: 'The query as searched: simplified, segmented' }),
    hits: z.array(
      z.object({
        item: ItemSummary,
        score: z.number().openapi({
          description:
            'BM25 relevance (higher is better); 0 for matches of a common word past the ranked candidates, which follow in date order',
        }),
        titleHtml: z.string().openapi({ description: 'Escaped HTML with <mark> around matches' }),
        snippetHtml: z.string().openapi({ description: 'Escaped HTML with <mark> around matches' }),
      }),
    ),
  })
  .openapi('SearchResults');

const ApiError = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

const Withdrawn = ApiError.extend({
  withdrawn: z.object({ on: z.string(), reason: z.string().nullable() }),
}).openapi('Withdrawn');

const filterParams = {
  org: z
    .string()
    .regex(ORG_CODE_PATTERN)
    .optional()
    .openapi({ description: 'Organisation code; its sub-organisations are included', example: 'dg-fgj' }),
  column: z
    .string()
    .regex(/^[a-z0-9_-]{1,60}$/)
    .optional()
    .openapi({ description: 'Column code', example: 'art20_7' }),
  year: z.coerce.number().int().min(1949).max(2200).optional().openapi({ description: 'Year published' }),
  type: z.enum(DOC_TYPES).optional().openapi({ description: 'Document type' }),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

function toSummary(item: ItemWithOrg): z.infer<typeof ItemSummary> {
  return {
    id: item.id,
    indexNumber: item.index_number,
    title: item.title,
    summary: item.summary,
    org: { code: item.orgCode, name: item.orgName, nameEn: item.orgNameEn },
    formedOn: item.formed_on,
    publishedOn: item.published_on,
    docNumber: item.doc_number,
    docType: item.doc_type,
    url: itemPathOf(item),
  };
}

async function orgPathOf(c: Context<AppEnv>, code: string | undefined): Promise<string | undefined> {
  if (!code) return undefined;
  const org = await findPublicOrg(c.var.deps.database.db, code);
  if (!org) throw new AppError('NOT_FOUND', 'No such organisation');
  return org.org.path;
}

async function checkColumn(c: Context<AppEnv>, code: string | undefined): Promise<void> {
  if (!code) return;
  const column = await findColumnByCode(c.var.deps.database.db, code);
  if (!column || column.is_active !== 1) throw new AppError('NOT_FOUND', 'No such column');
}

const notFound = { content: { 'application/json': { schema: ApiError } }, description: 'Not found' };
const invalid = {
  content: { 'application/json': { schema: ApiError } },
  description: 'Malformed parameters',
};

export function registerCatalogApi(api: ApiApp): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/items',
      summary: 'Published items of the disclosure catalog, newest first',
      request: { query: z.object(filterParams) },
      responses: {
        200: { content: { 'application/json': { schema: ItemList } }, description: 'One page of items' },
        404: notFound,
        422: invalid,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const orgPath = await orgPathOf(c, q.org);
      await checkColumn(c, q.column);
      const result = await listPublishedItems(c.var.deps.database.db, {
        ...(orgPath ? { orgPath } : {}),
        ...(q.column ? { columnCode: q.column } : {}),
        ...(q.year ? { year: q.year } : {}),
        ...(q.type ? { docType: q.type } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return c.json(
        { total: result.total, page: q.page, pageSize: q.pageSize, items: result.items.map(toSummary) },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/items/{id}',
      summary: 'One published item: metadata, text and attachments',
      request: {
        params: z.object({
          id: z.coerce
            .number()
            .int()
            .positive()
            .max(2_147_483_647)
            .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
        }),
      },
      responses: {
        200: { content: { 'application/json': { schema: ItemDetail } }, description: 'The item' },
        404: notFound,
        410: {
          content: { 'application/json': { schema: Withdrawn } },
          description: 'Withdrawn, with the reason',
        },
        422: invalid,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const db = c.var.deps.database.db;
      const item = await findItemWithOrg(db, id);
      if (item?.status === 'withdrawn') {
        return c.json(
          {
            error: { code: 'WITHDRAWN', message: c.var.t('item.public.withdrawn_title'), fields: [] },
            withdrawn: {
              on: item.withdrawn_at ? dateIn(item.withdrawn_at, c.var.deps.config.timeZone) : '',
              reason: item.withdrawal_reason,
            },
          },
          410,
        );
      }
      if (!item || item.status !== 'published') throw new AppError('NOT_FOUND', 'No such item');
      const [columns, attachments, amendedBy] = await Promise.all([
        listItemColumns(db, item.id),
        listAttachments(db, item.id),
        item.amended_by_item_id
          ? findPublishedItemRef(db, item.amended_by_item_id)
          : Promise.resolve(undefined),
      ]);
      const view = toPublicItem({ item, columns, attachments, amendedBy, today: todayOf(c) });
      return c.json({ ...toSummary(item), ...view }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/search',
      summary: 'Full-text search of published items (traditional or simplified Chinese)',
      request: {
        query: z.object({
          q: z.string().max(10_000).openapi({ example: '预算 公开' }),
          ...filterParams,
          validity: z.enum(['valid', 'abolished', 'not_yet_effective']).optional(),
          sort: z.enum(['relevance', 'date']).default('relevance'),
        }),
      },
      responses: {
        200: { content: { 'application/json': { schema: SearchResults } }, description: 'One page of hits' },
        404: notFound,
        422: invalid,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      await orgPathOf(c, q.org);
      await checkColumn(c, q.column);
      const result = await runPublicSearch(
        c.var.deps.database,
        c.var.deps.search,
        {
          q: cleanQuery(q.q),
          org: q.org,
          column: q.column,
          year: q.year,
          docType: q.type,
          validity: q.validity,
          sort: q.sort,
          page: q.page,
        },
        { today: todayOf(c), pageSize: q.pageSize },
      );
      return c.json(
        {
          total: result.total,
          totalIsLowerBound: result.totalIsLowerBound,
          totalIsEstimate: result.totalIsEstimate,
          page: q.page,
          pageSize: q.pageSize,
          terms: result.terms,
          hits: result.hits.map((h) => ({
            item: toSummary(h.item),
            score: h.score,
            titleHtml: h.titleHtml,
            snippetHtml: h.snippetHtml,
          })),
        },
        200,
      );
    },
  );
}
