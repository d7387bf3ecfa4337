import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';

export const recordFeePaymentInput = z.object({
  applicationId: z.number().int().positive(),
  /** The 财政票据 number or payment reference. */
  receiptNumber: z.string().trim().max(100).nullish(),
  on: isoDate.nullish(),
});
export type RecordFeePaymentInput = z.input<typeof recordFeePaymentInput>;

/** The fee was paid: the clock runs again from the day after (refused without an open notice). */
export async function recordFeePayment(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RecordFeePaymentInput,
): Promise<{ applicationId: number; dueOn: string | null }> {
  const parsed = parseRequestInput(recordFeePaymentInput, input);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.record_fee_payment',
    build: () => [
      {
        type: 'fee_paid',
        on: eventDate(ctx, deps, parsed.on),
        payload: { receiptNumber: parsed.receiptNumber ?? null },
      },
    ],
    after: ({ loaded, state }) => ({ applicationId: loaded.app.id, dueOn: state.dueOn }),
  });
}
