import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { updateItemIfState, type CatalogItem } from './catalog.repository.js';
import { invalidState, loadItemFor, parseCatalogInput, recordRevision } from './item-support.js';

export const reviewItemInput = z.object({
  itemId: z.number().int().positive(),
  decision: z.enum(['approve', 'reject'], { message: 'catalog.error.decision_invalid' }),
  /** 保密审查意见, kept with the item and in the audit log. */
  opinion: z
    .string({ message: 'catalog.error.opinion_required' })
    .trim()
    .min(1, { message: 'catalog.error.opinion_required' })
    .max(2_000, { message: 'catalog.error.too_long' }),
});

export type ReviewItemInput = z.input<typeof reviewItemInput>;

/**
 * 保密审查 of a submitted item (`catalog.review`): approve (it may then be published) or reject (it
 * returns to draft with the opinion). Nobody reviews an item they created or submitted.
 */
export async function reviewItem(ctx: UseCaseContext, input: ReviewItemInput): Promise<CatalogItem> {
  const parsed = parseCatalogInput(reviewItemInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.review');
    if (item.status !== 'submitted')
      throw invalidState('catalog.error.not_submitted', { status: item.status });
    const me = ctx.principal.userId;
    if (me !== null && (item.created_by === me || item.submitted_by === me)) {
      throw new AppError('FORBIDDEN', 'catalog.error.review_own');
    }
    const at = ctx.now.toISOString();
    const approved = parsed.decision === 'approve';
    const updated = await updateItemIfState(
      trx,
      item.id,
      { status: 'submitted', version: item.version },
      {
        status: approved ? 'approved' : 'draft',
        review_decision: approved ? 'approved' : 'rejected',
        review_opinion: parsed.opinion,
        reviewed_by: me,
        reviewed_at: at,
        version: item.version + 1,
        updated_by: me,
        updated_at: at,
      },
    );
    if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
    await recordRevision(ctx, trx, updated, approved ? 'approve' : 'reject');
    await audit(ctx, trx, {
      action: approved ? 'catalog.item.approve' : 'catalog.item.reject',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: { status: item.status },
      after: { status: updated.status, opinion: parsed.opinion },
    });
    return updated;
  });
}
