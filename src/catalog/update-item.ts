import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import {
  listItemColumns,
  updateItemIfState,
  type CatalogItem,
  type CatalogItemPatch,
} from './catalog.repository.js';
import { applyItemColumns } from './set-item-columns.js';
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
  /** The columns' codes, replacing the item's; not given = unchanged. Saved with the fields, or not at all. */
  columns: z.array(z.string()).max(50, { message: 'catalog.error.too_long' }).optional(),
});

export type UpdateItemInput = z.input<typeof updateItemInput>;

/**
 * Changes a draft (`catalog.edit`); fields not given stay as they are. With `columns`, the item's
 * columns are replaced in the same transaction (an unknown column refuses the whole save). Keeps one
 * revision and audits.
 */
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
    let columns: { before: string[]; after: string[] } | undefined;
    if (p.columns !== undefined) {
      const before = (await listItemColumns(trx, item.id)).map((c) => c.code).sort();
      const wanted = [...new Set(p.columns.map((c) => c.trim()).filter((c) => c !== ''))].sort();
      if (before.join() !== wanted.join()) {
        columns = { before, after: (await applyItemColumns(trx, updated, wanted)).sort() };
      }
    }
    await recordRevision(ctx, trx, updated, 'update');
    await audit(ctx, trx, {
      action: 'catalog.item.update',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: { ...auditViewOf(item), ...(columns ? { columns: columns.before } : {}) },
      after: { ...auditViewOf(updated), ...(columns ? { columns: columns.after } : {}) },
    });
    return updated;
  });
}
