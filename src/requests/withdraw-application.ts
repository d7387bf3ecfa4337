import { z } from 'zod';
import { anonymousPrincipal } from '../platform/auth/principal.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { verifyApplicantAccess } from './applicant-access.js';
import { runApplicationStep, todayOf } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { parseRequestInput } from './request-input.js';

export const withdrawApplicationInput = z.object({
  reference: z.string().trim().min(1).max(64),
  queryCode: z.string().trim().min(1).max(64),
  reason: z.string().trim().max(2000).nullish(),
});
export type WithdrawApplicationInput = z.input<typeof withdrawApplicationInput>;

/**
 * 前台撤销: the applicant withdraws with the reference and query code while the application is not
 * answered; it closes as `other.other` (contracts §4). No staff permission is involved: the code is
 * the authority, checked with the tracking throttle.
 */
export async function withdrawApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: WithdrawApplicationInput,
): Promise<{ reference: string; status: string; closedOn: string | null }> {
  const parsed = parseRequestInput(withdrawApplicationInput, input);
  const app = await verifyApplicantAccess(ctx, parsed, 'withdraw');
  // The applicant acts as themself: no grants, recorded as "applicant".
  const asApplicant: UseCaseContext = { ...ctx, principal: anonymousPrincipal() };
  return runApplicationStep(asApplicant, deps, app.id, {
    action: 'applicant',
    auditAction: 'request.withdraw',
    build: (loaded) => {
      if (loaded.app.closed_on !== null)
        throw new AppError('INVALID_STATE', 'requests.error.already_answered');
      return [
        {
          type: 'withdrawn',
          on: todayOf(ctx, deps),
          payload: { reason: parsed.reason ?? null, via: 'online' },
        },
      ];
    },
    after: async ({ loaded, state }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, { kind: 'withdrawn' });
      return { reference: loaded.app.reference, status: state.status, closedOn: state.closedOn };
    },
  });
}
