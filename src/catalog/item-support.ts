import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { assertCan, type Action } from '../platform/auth/permissions.rules.js';
import type { Tx, Queryable } from '../platform/db/transaction.js';
import type { UseCaseContext } from '../platform/use-case.js';
import type { SearchDocument } from '../platform/search/search-index.js';
import { findOrgById, type Org } from '../orgs/orgs.repository.js';
import {
  findItemById,
  insertRevision,
  listAttachments,
  listItemColumns,
  type CatalogItem,
} from './catalog.repository.js';
import './catalog.messages.js';

/** Helpers shared by the catalog's use cases (not a use case itself). */

/** Parses `input` or throws VALIDATION naming each bad field with a `catalog.error.*` key. */
export function parseCatalogInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldProblem[] = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'input';
    const message = issue.message.startsWith('catalog.error.')
      ? issue.message
      : issue.code === 'invalid_type' && issue.input === undefined
        ? 'catalog.error.required'
        : 'catalog.error.invalid_value';
    return { field, message };
  });
  throw AppError.validation(fields);
}

export interface LoadedItem {
  item: CatalogItem;
  org: Org;
}

/** The item and its organisation, or NOT_FOUND; then the permission check on the organisation. */
export async function loadItemFor(
  ctx: UseCaseContext,
  trx: Queryable,
  itemId: number,
  action: Action | readonly Action[],
): Promise<LoadedItem> {
  const item = await findItemById(trx, itemId);
  if (!item) throw new AppError('NOT_FOUND', 'catalog.error.item_not_found', { params: { id: itemId } });
  const org = await findOrgById(trx, item.org_id);
  if (!org) throw new AppError('NOT_FOUND', 'catalog.error.item_not_found', { params: { id: itemId } });
  const actions: readonly Action[] = typeof action === 'string' ? [action] : action;
  let lastError: unknown;
  for (const a of actions) {
    try {
      assertCan(ctx.principal, a, { orgPath: org.path });
      return { item, org };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

export function invalidState(message: string, params?: Record<string, string | number>): AppError {
  return new AppError('INVALID_STATE', message, params ? { params } : {});
}

/** What the audit log keeps of an item: every field, with the body as a length and hash (bodies are large). */
export function auditViewOf(item: CatalogItem): Record<string, unknown> {
  const { body_html, body_text, ...rest } = item;
  return {
    ...rest,
    body_html_sha256: createHash('sha256').update(body_html).digest('hex'),
    body_text_length: body_text.length,
  };
}

/** Appends the revision for the item's current version (a full snapshot including its columns). */
export async function recordRevision(
  ctx: UseCaseContext,
  trx: Tx,
  item: CatalogItem,
  action: string,
): Promise<void> {
  const columns = await listItemColumns(trx, item.id);
  await insertRevision(trx, {
    item,
    action,
    columnCodes: columns.map((c) => c.code),
    by: ctx.principal.userId,
    at: ctx.now.toISOString(),
  });
}

/** The search index's view of a published item: what the public may see, nothing else. */
export async function buildSearchDocument(
  db: Queryable,
  item: CatalogItem,
  org: Org,
): Promise<SearchDocument> {
  const [columns, attachments] = await Promise.all([
    listItemColumns(db, item.id),
    listAttachments(db, item.id),
  ]);
  return {
    id: item.id,
    orgId: org.id,
    orgPath: org.path,
    orgCode: org.code,
    indexNumber: item.index_number ?? '',
    title: item.title,
    summary: item.summary,
    body: item.body_text,
    attachmentText: attachments
      .map((a) => a.extracted_text ?? '')
      .filter((t) => t !== '')
      .join('\n'),
    docNumber: item.doc_number,
    keywords: parseKeywords(item.keywords_json),
    columns: columns.map((c) => c.code),
    publishedOn: item.published_on ?? '',
    docType: item.doc_type,
    effectiveOn: item.effective_on,
    abolishedOn: item.abolished_on,
  };
}

export function parseKeywords(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** The calendar date of an instant in the office time zone (`YYYY-MM-DD`). */
export function dateInZone(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
