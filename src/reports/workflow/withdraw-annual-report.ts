import type { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { parseStepInput, takeStep, withdrawAnnualReportInput } from './workflow-step.js';

/**
 * 撤回: a published report (a unit's own, or a government's aggregate with `scope: 'aggregate'`) is taken
 * down with a reason, to be corrected and published again as a new version. Its public URL then says
 * that it was withdrawn, when and why (never the old content, never a 404); the withdrawn version stays
 * retrievable for the office. The city office (report.review) or, for its own report, the unit
 * (report.edit) withdraws; only the city office withdraws an aggregate. Audited with the reason.
 */
export async function withdrawAnnualReport(
  ctx: UseCaseContext,
  input: z.input<typeof withdrawAnnualReportInput>,
): Promise<void> {
  await takeStep(ctx, 'withdraw', parseStepInput(withdrawAnnualReportInput, input));
}
