import type { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { parseStepInput, returnAnnualReportInput, takeStep } from './workflow-step.js';

/** 审核: the city office returns a submitted (or approved) report to the unit with comments (report.review). */
export async function returnAnnualReport(
  ctx: UseCaseContext,
  input: z.input<typeof returnAnnualReportInput>,
): Promise<void> {
  await takeStep(ctx, 'return', parseStepInput(returnAnnualReportInput, input));
}
