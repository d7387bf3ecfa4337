import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { updateItemIfState, type CatalogItem, type CatalogItemPatch } from './catalog.repository.js';
import { normaliseBody } from './body.rules.js';
import { auditViewOf, invalidState, loadItemFor, parseCatalogInput, recordRevision } from './item-support.js';
import { itemFieldsShape } from './item-input.js';
import { checkValidityDates } from './validity.rules.js';

export const updateItemInput = z.object({
  itemId: z.number().int().positive(),
  /** The version the editor started from: a save over someone else's newer change is refused. */
  expectedVersion: z.number().int().positive().optional(),
  ...itemFieldsShape,
  title: itemFieldsShape.title.optional(),
});

export type UpdateItemInput = z.input<typeof updateItemInput>;

/** Changes a draft (`catalog.edit`); fields not given stay as they are. Keeps a revision and audits. */
export async function updateItem(ctx: UseCaseContext, input: UpdateItemInput): Promise<CatalogItem> {
  const p = parseCatalogInput(updateItemInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, p.itemId, 'catalog.edit');
    if (item.status !== 'draft') throw invalidState('catalog.error.not_draft', { status: item.status });
    if (p.expectedVersion !== undefined && p.expectedVersion !== item.version) {
      throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
    }
    const patch: CatalogItemPatch = {};
    if (p.title !== undefined) patch.title = p.title;
    if (p.summary !== undefined) patch.summary = p.summary.trim();
    if (p.body !== undefined) {
      const body = normaliseBody(p.body);
      patch.body_html = body.html;
      patch.body_text = body.text;
    }
    if (p.formedOn !== undefined) patch.formed_on = p.formedOn;
    if (p.docNumber !== undefined) patch.doc_number = p.docNumber?.trim() || null;
    if (p.docType !== undefined) patch.doc_type = p.docType;
    if (p.subjectCategory !== undefined) patch.subject_category = p.subjectCategory?.trim() || null;
    if (p.genre !== undefined) patch.genre = p.genre?.trim() || null;
    if (p.keywords !== undefined) patch.keywords_json = JSON.stringify(p.keywords);
    if (p.disclosureMethod !== undefined) patch.disclosure_method = p.disclosureMethod;
    if (p.disclosureScope !== undefined) patch.disclosure_scope = p.disclosureScope;
    if (p.source !== undefined) patch.source = p.source?.trim() || null;
    if (p.issuedOn !== undefined) patch.issued_on = p.issuedOn;
    if (p.effectiveOn !== undefined) patch.effective_on = p.effectiveOn;
    const problems = checkValidityDates({
      issuedOn: patch.issued_on !== undefined ? (patch.issued_on ?? null) : item.issued_on,
      effectiveOn: patch.effective_on !== undefined ? (patch.effective_on ?? null) : item.effective_on,
      amendedOn: item.amended_on,
      abolishedOn: item.abolished_on,
    });
    if (problems.length > 0) throw AppError.validation(problems);
    const updated = await updateItemIfState(
      trx,
      item.id,
      { status: 'draft', version: item.version },
      {
        ...patch,
        version: item.version + 1,
        updated_by: ctx.principal.userId,
        updated_at: ctx.now.toISOString(),
      },
    );
    if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
    await recordRevision(ctx, trx, updated, 'update');
    await audit(ctx, trx, {
      action: 'catalog.item.update',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: auditViewOf(item),
      after: auditViewOf(updated),
    });
    return updated;
  });
}
