import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { validateAssessmentConfig } from './assessment.rules.js';
import { assertCityWide } from './supervision-support.js';
import { insertAssessmentConfig, latestAssessmentConfig } from './supervision.repository.js';

/**
 * Saves new assessment weights (a new configuration row; scores keep the configuration they were
 * computed with). Refused, naming each field, when a weight is negative or not a number, a penalty out
 * of range, or all weights are zero.
 */
export async function saveAssessmentConfig(
  ctx: UseCaseContext,
  rows: { key: string; weight: unknown; penalty: unknown }[],
): Promise<number> {
  const root = await assertCityWide(ctx, 'supervision.manage');
  const { problems, indicators } = validateAssessmentConfig(rows);
  if (problems.length) throw AppError.validation(problems);
  return inTransaction(ctx.database.db, async (trx) => {
    const before = await latestAssessmentConfig(trx);
    const id = await insertAssessmentConfig(trx, {
      indicators_json: JSON.stringify(indicators),
      created_by: ctx.principal.userId,
      created_at: ctx.now.toISOString(),
    });
    await audit(ctx, trx, {
      action: 'supervision.assessment.configure',
      entityType: 'supervision_assessment_config',
      entityId: id,
      orgId: root.id,
      before: before ? JSON.parse(before.indicators_json) : null,
      after: indicators,
    });
    return id;
  });
}
