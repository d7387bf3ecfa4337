import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { SearchIndex } from '../platform/search/search-index.js';
import { findItemById, updateItemIfState, type CatalogItem } from './catalog.repository.js';
import { isIsoDate } from './item-dates.js';
import { checkValidityDates } from './validity.rules.js';
import {
  buildSearchDocument,
  invalidState,
  loadItemFor,
  parseCatalogInput,
  recordRevision,
} from './item-support.js';

const date = z.string().refine((v) => isIsoDate(v), { message: 'catalog.error.date_invalid' });

export const amendValidityInput = z.discriminatedUnion('change', [
  z.object({ itemId: z.number().int().positive(), change: z.literal('abolish'), on: date }),
  z.object({
    itemId: z.number().int().positive(),
    change: z.literal('amend'),
    on: date,
    /** The item that amends this one (a published item of the catalog). */
    amendingItemId: z.number().int().positive({ message: 'catalog.error.amending_item_required' }),
  }),
  z.object({ itemId: z.number().int().positive(), change: z.literal('set_effective'), on: date }),
]);

export type AmendValidityInput = z.input<typeof amendValidityInput>;

/**
 * Records a change in the validity of a 规章 or 行政规范性文件 (`catalog.edit`): abolished on a date,
 * amended on a date by another item, or a corrected effective date. The published item is re-indexed
 * in the same transaction (search filters by validity); the counts of annual-report section 二 follow.
 */
export async function amendValidity(
  ctx: UseCaseContext,
  deps: { searchIndex: SearchIndex },
  input: AmendValidityInput,
): Promise<CatalogItem> {
  const p = parseCatalogInput(amendValidityInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, p.itemId, 'catalog.edit');
    if (item.status === 'withdrawn') throw invalidState('catalog.error.item_withdrawn');
    const next = {
      issuedOn: item.issued_on,
      effectiveOn: p.change === 'set_effective' ? p.on : item.effective_on,
      amendedOn: p.change === 'amend' ? p.on : item.amended_on,
      abolishedOn: p.change === 'abolish' ? p.on : item.abolished_on,
    };
    if (p.change === 'amend') {
      const amending = await findItemById(trx, p.amendingItemId);
      if (!amending || amending.id === item.id || amending.status !== 'published') {
        throw AppError.validation([
          { field: 'amendingItemId', message: 'catalog.error.amending_item_unknown' },
        ]);
      }
    }
    const problems = checkValidityDates(next).map((f) => ({ ...f, field: 'on' }));
    if (problems.length > 0) throw AppError.validation(problems);
    const updated = await updateItemIfState(
      trx,
      item.id,
      { status: item.status, version: item.version },
      {
        effective_on: next.effectiveOn,
        amended_on: next.amendedOn,
        abolished_on: next.abolishedOn,
        ...(p.change === 'amend' ? { amended_by_item_id: p.amendingItemId } : {}),
        version: item.version + 1,
        updated_by: ctx.principal.userId,
        updated_at: ctx.now.toISOString(),
      },
    );
    if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
    if (updated.status === 'published') {
      await deps.searchIndex.upsert(trx, await buildSearchDocument(trx, updated, org));
    }
    await recordRevision(ctx, trx, updated, `validity_${p.change}`);
    await audit(ctx, trx, {
      action: 'catalog.item.validity',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: {
        effective_on: item.effective_on,
        amended_on: item.amended_on,
        amended_by_item_id: item.amended_by_item_id,
        abolished_on: item.abolished_on,
      },
      after: {
        effective_on: updated.effective_on,
        amended_on: updated.amended_on,
        amended_by_item_id: updated.amended_by_item_id,
        abolished_on: updated.abolished_on,
      },
    });
    return updated;
  });
}
