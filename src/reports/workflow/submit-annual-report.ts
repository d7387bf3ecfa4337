import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { assertCan } from '../../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import { deriveAnnualReport, deriveReportStatistics, resolveReportScope } from '../derive-annual-report.js';
import { deadlineFor, isLate, canTake, WORKFLOW_STEPS } from './workflow.rules.js';
import {
  findSubmission,
  insertSubmission,
  readReportDeadlines,
  updateSubmissionIfStatus,
} from './workflow.repository.js';
import { loadOrgForReport, notInState } from './workflow-support.js';
import './workflow.messages.js';

export const submitAnnualReportInput = z.object({
  orgCode: z.string().trim().min(1),
  year: z.number().int(),
  timeZone: z.string().default('Asia/Shanghai'),
});

/**
 * 报送: the unit confirms its derived tables and narrative and submits them to the city office. The
 * report is derived once more here (with last year's report for the carry-over check) and frozen as
 * JSON with its chart figures; the submission is refused while any validator check fails, naming each
 * one. Whether it is late is decided against the deadline configured for the year (条例第四十九条).
 */
export async function submitAnnualReport(
  ctx: UseCaseContext,
  input: z.input<typeof submitAnnualReportInput>,
): Promise<{ id: number; isLate: boolean; dueOn: string }> {
  const form = submitAnnualReportInput.parse(input);
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await loadOrgForReport(trx, form.orgCode);
    assertCan(ctx.principal, 'report.edit', { orgPath: org.path });
    const existing = await findSubmission(trx, org.id, form.year);
    if (!canTake('submit', existing?.status ?? null)) throw notInState('submit', existing?.status);
    const report = await deriveAnnualReport(trx, {
      orgCode: org.code,
      year: form.year,
      scope: 'self',
      timeZone: form.timeZone,
      now: ctx.now,
      compareWithPreviousYear: true,
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
    const statistics = await deriveReportStatistics(
      trx,
      await resolveReportScope(trx, org.code, 'self'),
      form.year,
    );
    const deadlines = await readReportDeadlines(trx, form.year);
    const dueOn = deadlineFor(org.kind, deadlines);
    const today = dateInTimeZone(ctx.now, form.timeZone);
    const late = isLate({ dueOn, submittedOn: today, today });
    const at = ctx.now.toISOString();
    // A correction of a withdrawn report (a version was published before) keeps the original
    // submission's date and lateness: the deadline of 条例第四十九条 was met, or missed, by the first one.
    const isCorrection = (existing?.version ?? 0) > 0;
    const values = {
      status: 'submitted' as const,
      report_json: JSON.stringify(report),
      statistics_json: JSON.stringify(statistics),
      ...(isCorrection
        ? {}
        : { due_on: dueOn, is_late: late ? 1 : 0, submitted_by: ctx.principal.userId, submitted_at: at }),
      updated_at: at,
    };
    let id: number;
    if (existing) {
      const ok = await updateSubmissionIfStatus(trx, existing.id, WORKFLOW_STEPS.submit, values);
      if (!ok) throw notInState('submit', existing.status);
      id = existing.id;
    } else {
      id = await insertSubmission(trx, { org_id: org.id, year: form.year, scope: 'self', ...values });
    }
    await audit(ctx, trx, {
      action: 'report.submit',
      entityType: 'annual_report_submission',
      entityId: `${org.code}/${form.year}`,
      orgId: org.id,
      before: existing ? { status: existing.status } : null,
      after: {
        status: 'submitted',
        dueOn: isCorrection ? existing!.due_on : dueOn,
        isLate: isCorrection ? existing!.is_late === 1 : late,
        checks: report.checks.length,
        ...(isCorrection ? { correctionOfVersion: existing!.version } : {}),
      },
    });
    return isCorrection
      ? { id, isLate: existing!.is_late === 1, dueOn: existing!.due_on ?? dueOn }
      : { id, isLate: late, dueOn };
  });
}
