import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { can } from '../../platform/auth/permissions.rules.js';
import { findRootOrgs } from '../../orgs/orgs.repository.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isIsoDate } from '../../calendar/dates.rules.js';
import type { ReportDeadlines } from './workflow.rules.js';
import { readReportDeadlines, saveReportDeadlines } from './workflow.repository.js';
import './workflow.messages.js';

const date = z
  .string()
  .trim()
  .refine((v) => isIsoDate(v), 'reports.workflow.error.date_invalid');
export const setReportDeadlinesInput = z.object({
  year: z.number().int().min(2008).max(2200),
  units: date,
  governments: date,
});

/**
 * The deadlines of one report year (条例第四十九条 gives 31 January for departments and 31 March for
 * governments; a city often sets earlier internal ones). City-wide, so only a reviewer over a whole
 * city (`report.review` on a root organisation) sets them; audited with the values before and after.
 */
export async function setReportDeadlines(
  ctx: UseCaseContext,
  input: z.input<typeof setReportDeadlinesInput>,
): Promise<ReportDeadlines> {
  const result = setReportDeadlinesInput.safeParse(input);
  if (!result.success)
    throw AppError.validation(
      result.error.issues.map((i) => ({
        field: i.path.join('.'),
        message: 'reports.workflow.error.date_invalid',
      })),
    );
  const form = result.data;
  return inTransaction(ctx.database.db, async (trx) => {
    const roots = await findRootOrgs(trx);
    if (!roots.some((r) => can(ctx.principal, 'report.review', { orgPath: r.path })))
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', {
        params: { action: 'report.review', orgPath: '/' },
      });
    const before = await readReportDeadlines(trx, form.year);
    const after = { units: form.units, governments: form.governments };
    await saveReportDeadlines(trx, form.year, after, ctx.now.toISOString());
    await audit(ctx, trx, {
      action: 'report.deadlines.set',
      entityType: 'report_deadlines',
      entityId: String(form.year),
      orgId: null,
      before,
      after,
    });
    return after;
  });
}
