import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { assertCityWide } from './supervision-support.js';
import { findQuarter, updateQuarter } from './supervision.repository.js';

/**
 * Publishes a reviewed quarter on the public site ("每季度向社会公布监察结果"). Published quarters are
 * kept as they were: they cannot be regenerated or withdrawn here.
 */
export async function publishQuarter(ctx: UseCaseContext, raw: { quarter: string }): Promise<void> {
  const root = await assertCityWide(ctx, 'supervision.manage');
  await inTransaction(ctx.database.db, async (trx) => {
    const row = await findQuarter(trx, raw.quarter);
    if (!row) throw new AppError('NOT_FOUND', 'supervision.error.quarter_not_found');
    if (row.status !== 'reviewed') {
      throw new AppError('INVALID_STATE', 'supervision.error.quarter_not_reviewed', {
        fields: [{ field: 'publish', message: 'supervision.error.quarter_not_reviewed' }],
      });
    }
    await updateQuarter(trx, row.id, {
      status: 'published',
      published_at: ctx.now.toISOString(),
      published_by: ctx.principal.userId,
    });
    await audit(ctx, trx, {
      action: 'supervision.quarter.publish',
      entityType: 'supervision_quarter',
      entityId: row.quarter,
      orgId: root.id,
      before: { status: row.status },
      after: { status: 'published' },
    });
  });
}
