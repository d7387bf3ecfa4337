import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import type { RequestDeps } from './request-deps.js';
import { parseRequestInput } from './request-input.js';
import { closeForMissedDeadline } from './close-for-missed-deadline.js';

export const closeForNoCorrectionInput = z.object({ applicationId: z.number().int().positive() });
export type CloseForNoCorrectionInput = z.input<typeof closeForNoCorrectionInput>;

/**
 * 条例第三十条: the applicant did not correct by the deadline the office set, so the application is
 * treated as abandoned (`other.no_correction`). Refused before the deadline has passed. Run by staff
 * or by the deadline sweep (registerRequestJobs) as the system.
 */
export async function closeForNoCorrection(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: CloseForNoCorrectionInput,
): Promise<{ applicationId: number; closedOn: string }> {
  const parsed = parseRequestInput(closeForNoCorrectionInput, input);
  return closeForMissedDeadline(ctx, deps, parsed.applicationId, {
    auditAction: 'request.close_no_correction',
    alert: 'correction_deadline_passed',
    notYetKey: 'requests.error.correction_not_overdue',
    outcome: 'other.no_correction',
    letterFacts: (state) => ({ correctionDueOn: state.deadline.correctionDueOn ?? '' }),
    mailKind: 'closed_no_correction',
  });
}
