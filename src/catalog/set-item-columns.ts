import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Tx } from '../platform/db/transaction.js';
import type { SearchIndex } from '../platform/search/search-index.js';
import {
  findColumnsByCodes,
  listItemColumns,
  replaceItemColumns,
  updateItemRow,
  type CatalogItem,
} from './catalog.repository.js';
import {
  buildSearchDocument,
  invalidState,
  loadItemFor,
  parseCatalogInput,
  recordRevision,
} from './item-support.js';

export const setItemColumnsInput = z.object({
  itemId: z.number().int().positive(),
  columns: z.array(z.string()).max(50, { message: 'catalog.error.too_long' }),
});

export type SetItemColumnsInput = z.input<typeof setItemColumnsInput>;

/**
 * Replaces the columns of `item` with those `codes` name. Each must exist, be active, and be city-wide
 * or the item's organisation's own; otherwise VALIDATION names the unknown codes.
 */
export async function applyItemColumns(
  trx: Tx,
  item: CatalogItem,
  codes: readonly string[],
): Promise<string[]> {
  const wanted = [...new Set(codes.map((c) => c.trim()).filter((c) => c !== ''))];
  const found = await findColumnsByCodes(trx, wanted);
  const usable = found.filter((c) => c.is_active === 1 && (c.org_id === null || c.org_id === item.org_id));
  const usableCodes = new Set(usable.map((c) => c.code));
  const unknown = wanted.filter((c) => !usableCodes.has(c));
  if (unknown.length > 0) {
    throw AppError.validation([
      { field: 'columns', message: 'catalog.error.column_unknown', params: { codes: unknown.join(', ') } },
    ]);
  }
  await replaceItemColumns(
    trx,
    item.id,
    usable.map((c) => c.id),
  );
  return wanted;
}

/**
 * Puts an item in columns (`catalog.edit`). A withdrawn item is left alone; a published one is
 * re-indexed in the same transaction, so search filters by column at once.
 */
export async function setItemColumns(
  ctx: UseCaseContext,
  deps: { searchIndex: SearchIndex },
  input: SetItemColumnsInput,
): Promise<string[]> {
  const parsed = parseCatalogInput(setItemColumnsInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.edit');
    if (item.status === 'withdrawn') throw invalidState('catalog.error.item_withdrawn');
    const before = (await listItemColumns(trx, item.id)).map((c) => c.code);
    const after = await applyItemColumns(trx, item, parsed.columns);
    const updated = await updateItemRow(trx, item.id, {
      version: item.version + 1,
      updated_by: ctx.principal.userId,
      updated_at: ctx.now.toISOString(),
    });
    await recordRevision(ctx, trx, updated, 'set_columns');
    if (updated.status === 'published') {
      await deps.searchIndex.upsert(trx, await buildSearchDocument(trx, updated, org));
    }
    await audit(ctx, trx, {
      action: 'catalog.item.set_columns',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: { columns: before },
      after: { columns: after },
    });
    return after;
  });
}
