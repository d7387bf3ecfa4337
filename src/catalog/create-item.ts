import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { findOrgByCode } from '../orgs/orgs.repository.js';
import { insertItem, type CatalogItem } from './catalog.repository.js';
import { normaliseBody } from './body.rules.js';
import { auditViewOf, parseCatalogInput, recordRevision } from './item-support.js';
import { DEFAULT_DISCLOSURE_METHOD, DEFAULT_DISCLOSURE_SCOPE, itemFieldsShape } from './item-input.js';
import { applyItemColumns } from './set-item-columns.js';
import { checkValidityDates } from './validity.rules.js';

export const createItemInput = z.object({
  orgCode: z
    .string({ message: 'catalog.error.org_required' })
    .min(1, { message: 'catalog.error.org_required' }),
  ...itemFieldsShape,
  /** Column codes (city-wide or the organisation's own). */
  columns: z.array(z.string()).optional(),
});

export type CreateItemInput = z.input<typeof createItemInput>;

/** Creates a draft item of an organisation (`catalog.edit` there); the body is sanitised, revision 1 kept. */
export async function createItem(ctx: UseCaseContext, input: CreateItemInput): Promise<CatalogItem> {
  const parsed = parseCatalogInput(createItemInput, input);
  const problems = checkValidityDates({
    issuedOn: parsed.issuedOn ?? null,
    effectiveOn: parsed.effectiveOn ?? null,
    amendedOn: null,
    abolishedOn: null,
  });
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgByCode(trx, parsed.orgCode);
    if (!org) throw AppError.validation([{ field: 'orgCode', message: 'catalog.error.org_unknown' }]);
    assertCan(ctx.principal, 'catalog.edit', { orgPath: org.path });
    if (problems.length > 0) throw AppError.validation(problems);
    const body = normaliseBody(parsed.body ?? '');
    const at = ctx.now.toISOString();
    let item = await insertItem(trx, {
      org_id: org.id,
      index_number: null,
      title: parsed.title,
      summary: parsed.summary?.trim() ?? '',
      body_html: body.html,
      body_text: body.text,
      formed_on: parsed.formedOn ?? null,
      published_on: null,
      published_at: null,
      published_by: null,
      scheduled_at: null,
      doc_number: parsed.docNumber?.trim() || null,
      doc_type: parsed.docType ?? 'other',
      subject_category: parsed.subjectCategory?.trim() || null,
      genre: parsed.genre?.trim() || null,
      keywords_json: JSON.stringify(parsed.keywords ?? []),
      disclosure_method: parsed.disclosureMethod ?? DEFAULT_DISCLOSURE_METHOD,
      disclosure_scope: parsed.disclosureScope ?? DEFAULT_DISCLOSURE_SCOPE,
      source: parsed.source?.trim() || null,
      issued_on: parsed.issuedOn ?? null,
      effective_on: parsed.effectiveOn ?? null,
      amended_on: null,
      amended_by_item_id: null,
      abolished_on: null,
      status: 'draft',
      submitted_by: null,
      submitted_at: null,
      review_decision: null,
      review_opinion: null,
      reviewed_by: null,
      reviewed_at: null,
      withdrawal_reason: null,
      withdrawn_at: null,
      withdrawn_by: null,
      publication_working_days: null,
      version: 1,
      created_by: ctx.principal.userId,
      created_at: at,
      updated_by: ctx.principal.userId,
      updated_at: at,
    });
    if (parsed.columns && parsed.columns.length > 0) await applyItemColumns(trx, item, parsed.columns);
    item = { ...item };
    await recordRevision(ctx, trx, item, 'create');
    await audit(ctx, trx, {
      action: 'catalog.item.create',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      after: { ...auditViewOf(item), columns: parsed.columns ?? [] },
    });
    return item;
  });
}
