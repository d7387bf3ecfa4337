import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import type { RequestDeps } from './request-deps.js';
import { parseRequestInput } from './request-input.js';
import { closeForMissedDeadline } from './close-for-missed-deadline.js';

export const closeForFeeUnpaidInput = z.object({ applicationId: z.number().int().positive() });
export type CloseForFeeUnpaidInput = z.input<typeof closeForFeeUnpaidInput>;

/**
 * 国办函〔2020〕109号 as restated (cn-rules §3): unpaid 20 working days after the fee notice, the
 * application is treated as abandoned (`other.fee_unpaid`). Refused before that day has passed.
 */
export async function closeForFeeUnpaid(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: CloseForFeeUnpaidInput,
): Promise<{ applicationId: number; closedOn: string }> {
  const parsed = parseRequestInput(closeForFeeUnpaidInput, input);
  return closeForMissedDeadline(ctx, deps, parsed.applicationId, {
    auditAction: 'request.close_fee_unpaid',
    alert: 'fee_deadline_passed',
    notYetKey: 'requests.error.fee_not_overdue',
    outcome: 'other.fee_unpaid',
    letterFacts: () => ({}),
    mailKind: 'closed_fee_unpaid',
  });
}
