import type { z } from 'zod';
import type { UseCaseContext } from '../../platform/use-case.js';
import { parseStepInput, stepInput, takeStep } from './workflow-step.js';

/**
 * 公布: an approved report goes into the organisation's 公开年报 column, from its frozen JSON (so it never
 * changes afterwards). The city office (report.review) or the unit itself (report.edit) publishes.
 */
export async function publishAnnualReport(
  ctx: UseCaseContext,
  input: z.input<typeof stepInput>,
): Promise<void> {
  await takeStep(ctx, 'publish', parseStepInput(stepInput, input));
}
