import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { assertCan, can } from '../../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { WORKFLOW_STEPS, type WorkflowStep } from './workflow.rules.js';
import { updateSubmissionIfStatus } from './workflow.repository.js';
import { loadOrgForReport, loadSubmission, notInState } from './workflow-support.js';
import './workflow.messages.js';

/**
 * 审核 and 公布: the city office returns a submitted report with comments or approves it; an approved
 * report is published into the organisation's 公开年报 column (by the city office, or by the unit
 * itself once approved). Each step starts only from the statuses `WORKFLOW_STEPS` allows, checked
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

export async function takeStep(
  ctx: UseCaseContext,
  step: Exclude<WorkflowStep, 'submit'>,
  input: { orgCode: string; year: number; comments?: string },
): Promise<void> {
  await inTransaction(ctx.database.db, async (trx) => {
    const org = await loadOrgForReport(trx, input.orgCode);
    if (step === 'publish') {
      // The city office publishes, or the unit itself once its report is approved.
      if (!can(ctx.principal, 'report.review', { orgPath: org.path }))
        assertCan(ctx.principal, 'report.edit', { orgPath: org.path });
    } else {
      assertCan(ctx.principal, 'report.review', { orgPath: org.path });
    }
    const row = await loadSubmission(trx, org, input.year);
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
          : { status: 'published' as const, published_by: by, published_at: at };
    const ok = await updateSubmissionIfStatus(trx, row.id, from, { ...patch, updated_at: at });
    if (!ok) throw notInState(step, row.status);
    await audit(ctx, trx, {
      action: `report.${step}`,
      entityType: 'annual_report_submission',
      entityId: `${org.code}/${input.year}`,
      orgId: org.id,
      before: { status: row.status },
      after:
        step === 'return' ? { status: patch.status, comments: input.comments } : { status: patch.status },
    });
  });
}
