import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { SearchIndex } from '../platform/search/search-index.js';
import { updateItemIfState, type CatalogItem } from './catalog.repository.js';
import { invalidState, loadItemFor, parseCatalogInput, recordRevision } from './item-support.js';

export const withdrawItemInput = z.object({
  itemId: z.number().int().positive(),
  reason: z
    .string({ message: 'catalog.error.reason_required' })
    .trim()
    .min(1, { message: 'catalog.error.reason_required' })
    .max(2_000, { message: 'catalog.error.too_long' }),
});

export type WithdrawItemInput = z.input<typeof withdrawItemInput>;

/**
 * Takes a published item off the public catalog (`catalog.withdraw`) with a reason that is kept: the
 * public URL then says the item was withdrawn (and why) instead of answering 404. The item leaves the
 * search index in the same transaction. An approved item waiting for its scheduled time is withdrawn
 * too (its job then does nothing).
 */
export async function withdrawItem(
  ctx: UseCaseContext,
  deps: { searchIndex: SearchIndex },
  input: WithdrawItemInput,
): Promise<CatalogItem> {
  const parsed = parseCatalogInput(withdrawItemInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.withdraw');
    const wasScheduled = item.status === 'approved' && item.scheduled_at !== null;
    if (item.status !== 'published' && !wasScheduled) {
      throw invalidState('catalog.error.not_published', { status: item.status });
    }
    const at = ctx.now.toISOString();
    const updated = await updateItemIfState(
      trx,
      item.id,
      { status: item.status, version: item.version },
      {
        status: wasScheduled ? 'draft' : 'withdrawn',
        scheduled_at: null,
        withdrawal_reason: parsed.reason,
        withdrawn_at: at,
        withdrawn_by: ctx.principal.userId,
        version: item.version + 1,
        updated_by: ctx.principal.userId,
        updated_at: at,
      },
    );
    if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
    await deps.searchIndex.remove(trx, item.id);
    await recordRevision(ctx, trx, updated, 'withdraw');
    await audit(ctx, trx, {
      action: 'catalog.item.withdraw',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: { status: item.status, scheduled_at: item.scheduled_at },
      after: { status: updated.status, reason: parsed.reason },
    });
    return updated;
  });
}
