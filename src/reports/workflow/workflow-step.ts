import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { assertCan, can } from '../../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { WORKFLOW_STEPS, type WorkflowStep } from './workflow.rules.js';
import {
  insertVersion,
  markVersionWithdrawn,
  updateSubmissionIfStatus,
  type SubmissionRow,
} from './workflow.repository.js';
import { loadOrgForReport, loadSubmission, notInState } from './workflow-support.js';
import './workflow.messages.js';

/**
 * 审核 and 公布: the city office returns a submitted report with comments or approves it; an approved
 * report is published into the organisation's 公开年报 column (by the city office, or by the unit
 * itself once approved) as a new version; a published report is withdrawn with a reason (by the same
 * people) to be corrected and published again. Each step starts only from the statuses `WORKFLOW_STEPS` allows, checked
 * again in the UPDATE so two reviewers cannot both act, and is audited.
 */

export const stepInput = z.object({ orgCode: z.string().trim().min(1), year: z.number().int() });
export const returnAnnualReportInput = stepInput.extend({
  comments: z
    .string()
    .trim()
    .min(1, 'reports.workflow.error.comments_required')
    .max(5_000, 'reports.workflow.error.comments_too_long'),
});

export function parseStepInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message.startsWith('reports.') ? issue.message : 'reports.workflow.error.input_invalid',
    })),
  );
}

export const withdrawAnnualReportInput = stepInput.extend({
  scope: z.enum(['self', 'aggregate']).default('self'),
  reason: z
    .string()
    .trim()
    .min(1, 'reports.workflow.error.reason_required')
    .max(2_000, 'reports.workflow.error.reason_too_long'),
});

/**
 * The submission's changes when a version is published: the first publication sets `published_at`
 * (the date the report first appeared, never moved afterwards); a later one (a correction of a
 * withdrawn report) sets `revised_at` and clears the pending withdrawal, which stays on the
 * withdrawn version's row.
 */
export function publicationPatch(row: Pick<SubmissionRow, 'version'>, by: number | null, at: string) {
  const version = row.version + 1;
  return row.version === 0
    ? { status: 'published' as const, version, published_by: by, published_at: at }
    : {
        status: 'published' as const,
        version,
        revised_at: at,
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawal_reason: null,
      };
}

export async function takeStep(
  ctx: UseCaseContext,
  step: Exclude<WorkflowStep, 'submit'>,
  input: { orgCode: string; year: number; comments?: string; reason?: string; scope?: 'self' | 'aggregate' },
): Promise<void> {
  await inTransaction(ctx.database.db, async (trx) => {
    const org = await loadOrgForReport(trx, input.orgCode);
    const scope = input.scope ?? 'self';
    if ((step === 'publish' || step === 'withdraw') && scope === 'self') {
      // The city office publishes (or withdraws), or the unit itself once its report is approved.
      if (!can(ctx.principal, 'report.review', { orgPath: org.path }))
        assertCan(ctx.principal, 'report.edit', { orgPath: org.path });
    } else {
      assertCan(ctx.principal, 'report.review', { orgPath: org.path });
    }
    const row = await loadSubmission(trx, org, input.year, scope);
    const from = WORKFLOW_STEPS[step];
    const at = ctx.now.toISOString();
    const by = ctx.principal.userId;
    const patch =
      step === 'return'
        ? {
            status: 'returned' as const,
            review_comments: input.comments ?? null,
            returned_by: by,
            returned_at: at,
          }
        : step === 'approve'
          ? { status: 'approved' as const, approved_by: by, approved_at: at }
          : step === 'publish'
            ? publicationPatch(row, by, at)
            : {
                status: 'withdrawn' as const,
                withdrawn_by: by,
                withdrawn_at: at,
                withdrawal_reason: input.reason ?? '',
              };
    const ok = await updateSubmissionIfStatus(trx, row.id, from, { ...patch, updated_at: at });
    if (!ok) throw notInState(step, row.status);
    if (step === 'publish') {
      if (!row.report_json) throw notInState(step, row.status);
      await insertVersion(trx, {
        submission_id: row.id,
        version: row.version + 1,
        report_json: row.report_json,
        statistics_json: row.statistics_json,
        published_by: by,
        published_at: at,
      });
    } else if (step === 'withdraw') {
      await markVersionWithdrawn(trx, row.id, row.version, {
        withdrawn_by: by,
        withdrawn_at: at,
        withdrawal_reason: input.reason ?? '',
      });
    }
    await audit(ctx, trx, {
      action: scope === 'aggregate' ? `report.aggregate.${step}` : `report.${step}`,
      entityType: 'annual_report_submission',
      entityId: scope === 'aggregate' ? `${org.code}/${input.year}/aggregate` : `${org.code}/${input.year}`,
      orgId: org.id,
      before: { status: row.status, version: row.version },
      after:
        step === 'return'
          ? { status: patch.status, comments: input.comments }
          : step === 'publish'
            ? { status: patch.status, version: row.version + 1 }
            : step === 'withdraw'
              ? { status: patch.status, version: row.version, reason: input.reason }
              : { status: patch.status },
    });
  });
}
