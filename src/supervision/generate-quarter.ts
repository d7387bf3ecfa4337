import { z } from 'zod';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { computeSupervisionFigures, loadSupervisionSettings } from './compute-figures.js';
import { buildQuarterResults, quarterRulesOf } from './quarter-results.js';
import { assertCityWide, todayIn } from './supervision-support.js';
import { findQuarter, listSupervisedOrgs, upsertQuarterDraft } from './supervision.repository.js';
import { isQuarterKey, quarterPeriod } from './supervision.rules.js';

const input = z.object({
  quarter: z.string().refine(isQuarterKey, { error: 'supervision.error.quarter_invalid' }),
});

/**
 * Generates (or regenerates, while not published) a quarter's supervision results from the data:
 * every active organisation's figures as of the quarter's last day, the ranking by on-time rate and
 * the findings, with the rules used. Only a quarter that has ended can be generated.
 */
export async function generateQuarter(
  ctx: UseCaseContext,
  deps: { timeZone: string },
  raw: { quarter: string },
): Promise<{ quarter: string }> {
  // Permission first: a member without the duty learns nothing from the form's validation.
  const root = await assertCityWide(ctx, 'supervision.manage');
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    throw AppError.validation([{ field: 'quarter', message: 'supervision.error.quarter_invalid' }]);
  }
  const { quarter } = parsed.data;
  const period = quarterPeriod(quarter);
  const today = todayIn(ctx.now, deps.timeZone);
  if (period.to >= today) {
    throw AppError.validation([{ field: 'quarter', message: 'supervision.error.quarter_not_ended' }]);
  }
  const db = ctx.database.db;
  const existing = await findQuarter(db, quarter);
  if (existing?.status === 'published') {
    throw new AppError('INVALID_STATE', 'supervision.error.quarter_published', {
      fields: [{ field: 'quarter', message: 'supervision.error.quarter_published' }],
    });
  }
  const settings = await loadSupervisionSettings(db);
  const orgs = await listSupervisedOrgs(db, 'all');
  const figures = await computeSupervisionFigures(db, {
    orgs,
    period,
    today,
    settings,
    timeZone: deps.timeZone,
  });
  const results = buildQuarterResults(
    orgs,
    figures.indicators,
    figures.total,
    figures.asOf,
    figures.annualReportsLate,
  );
  const rules = quarterRulesOf(period, settings);
  await inTransaction(db, async (trx) => {
    await upsertQuarterDraft(trx, {
      quarter,
      period_from: period.from,
      period_to: period.to,
      rules_json: JSON.stringify(rules),
      results_json: JSON.stringify(results),
      generated_at: ctx.now.toISOString(),
      generated_by: ctx.principal.userId,
    });
    await audit(ctx, trx, {
      action: 'supervision.quarter.generate',
      entityType: 'supervision_quarter',
      entityId: quarter,
      orgId: root.id,
      before: existing ? { status: existing.status } : null,
      after: { status: 'draft', organisations: results.orgs.length, answered: results.total.answered },
    });
  });
  return { quarter };
}
