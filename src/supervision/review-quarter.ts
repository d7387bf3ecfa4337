import { z } from 'zod';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { assertCityWide } from './supervision-support.js';
import { findQuarter, updateQuarter } from './supervision.repository.js';

const input = z.object({
  quarter: z.string(),
  note: z
    .string()
    .trim()
    .min(1, { error: 'supervision.error.review_note_required' })
    .max(2000, { error: 'supervision.error.review_note_required' }),
});

/** Marks a generated quarter as reviewed, with the reviewer's note; publishing needs this step. */
export async function reviewQuarter(
  ctx: UseCaseContext,
  raw: { quarter: string; note: string },
): Promise<void> {
  const root = await assertCityWide(ctx, 'supervision.review');
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    throw AppError.validation([{ field: 'note', message: 'supervision.error.review_note_required' }]);
  }
  await inTransaction(ctx.database.db, async (trx) => {
    const row = await findQuarter(trx, parsed.data.quarter);
    if (!row) throw new AppError('NOT_FOUND', 'supervision.error.quarter_not_found');
    if (row.status !== 'draft') {
      throw new AppError('INVALID_STATE', 'supervision.error.quarter_not_draft', {
        fields: [{ field: 'note', message: 'supervision.error.quarter_not_draft' }],
      });
    }
    await updateQuarter(trx, row.id, {
      status: 'reviewed',
      reviewed_at: ctx.now.toISOString(),
      reviewed_by: ctx.principal.userId,
      review_note: parsed.data.note,
    });
    await audit(ctx, trx, {
      action: 'supervision.quarter.review',
      entityType: 'supervision_quarter',
      entityId: row.quarter,
      orgId: root.id,
      before: { status: row.status },
      after: { status: 'reviewed', note: parsed.data.note },
    });
  });
}
