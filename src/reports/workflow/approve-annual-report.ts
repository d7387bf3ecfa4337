import type { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { parseStepInput, stepInput, takeStep } from './workflow-step.js';

/** 审核: the city office approves a submitted report (report.review); it then counts in the aggregate. */
export async function approveAnnualReport(
  ctx: UseCaseContext,
  input: z.input<typeof stepInput>,
): Promise<void> {
  await takeStep(ctx, 'approve', parseStepInput(stepInput, input));
}
