import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { assertCan } from '../../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { findReportNarrative } from '../derive-annual-report.js';
import { withChecks } from '../report-validator.rules.js';
import { buildCityAggregate } from './build-city-aggregate.js';
import {
  findSubmission,
  insertSubmission,
  insertVersion,
  updateSubmissionIfStatus,
} from './workflow.repository.js';
import { publicationPatch } from './workflow-step.js';
import { loadOrgForReport } from './workflow-support.js';
import './workflow.messages.js';

export const publishCityAggregateInput = z.object({
  orgCode: z.string().trim().min(1),
  year: z.number().int(),
  timeZone: z.string().default('Asia/Shanghai'),
});

/**
 * 汇总 → 公布: the government's report on its whole area (scope `aggregate`), frozen from the sum of the
 * approved units' reports and the aggregate narrative the city office wrote, published into the
 * government's 公开年报 column. Refused while any unit below is not approved (naming them) or a check
 * fails; a published aggregate is never replaced, only withdrawn (withdraw-annual-report.ts, scope
 * `aggregate`) and then published again as its next version. `report.review` on the government.
 */
export async function publishCityAggregate(
  ctx: UseCaseContext,
  input: z.input<typeof publishCityAggregateInput>,
): Promise<{ id: number }> {
  const form = publishCityAggregateInput.parse(input);
  const aggregate = await buildCityAggregate(ctx, form);
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await loadOrgForReport(trx, form.orgCode);
    assertCan(ctx.principal, 'report.review', { orgPath: org.path });
    if (aggregate.missing.length > 0) {
      throw new AppError('VALIDATION', 'Units not approved yet', {
        fields: aggregate.missing.map((u) => ({
          field: `units.${u.orgCode}`,
          message: 'reports.workflow.error.unit_missing',
          params: { org: u.orgName },
        })),
      });
    }
    const narrative = await findReportNarrative(trx, org.id, form.year, 'aggregate');
    const report = withChecks({
      ...aggregate.report,
      narrative: { overview: narrative.overview, problems: narrative.problems, other: narrative.other },
    });
    const failed = report.checks.filter((c) => !c.ok);
    if (failed.length > 0) {
      throw new AppError('VALIDATION', `Checks failed: ${failed.map((c) => c.rule).join(', ')}`, {
        fields: failed.map((c) => ({
          field: `checks.${c.rule}`,
          message: 'reports.workflow.error.check_failed',
          params: { rule: c.rule, detail: c.detail },
        })),
      });
    }
    const existing = await findSubmission(trx, org.id, form.year, 'aggregate');
    const at = ctx.now.toISOString();
    const by = ctx.principal.userId;
    const reportJson = JSON.stringify(report);
    // A correction of a withdrawn aggregate becomes its next version (publicationPatch).
    const isCorrection = (existing?.version ?? 0) > 0;
    const values = {
      report_json: reportJson,
      statistics_json: null,
      approved_by: by,
      approved_at: at,
      updated_at: at,
      ...(isCorrection
        ? {}
        : { due_on: aggregate.deadlines.governments, submitted_by: by, submitted_at: at }),
      ...publicationPatch({ version: existing?.version ?? 0 }, by, at),
    };
    let id: number;
    if (existing) {
      const ok = await updateSubmissionIfStatus(trx, existing.id, ['draft', 'returned', 'withdrawn'], values);
      if (!ok)
        throw new AppError('INVALID_STATE', 'reports.workflow.error.wrong_status', {
          params: { step: 'publish', status: existing.status },
        });
      id = existing.id;
    } else {
      id = await insertSubmission(trx, { org_id: org.id, year: form.year, scope: 'aggregate', ...values });
    }
    await insertVersion(trx, {
      submission_id: id,
      version: values.version,
      report_json: reportJson,
      statistics_json: null,
      published_by: by,
      published_at: at,
    });
    await audit(ctx, trx, {
      action: 'report.aggregate.publish',
      entityType: 'annual_report_submission',
      entityId: `${org.code}/${form.year}/aggregate`,
      orgId: org.id,
      before: existing ? { status: existing.status } : null,
      after: {
        status: 'published',
        version: values.version,
        units: aggregate.included.map((u) => u.orgCode),
      },
    });
    return { id };
  });
}
