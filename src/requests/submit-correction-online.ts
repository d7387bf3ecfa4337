import { z } from 'zod';
import { anonymousPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { verifyApplicantAccess } from './applicant-access.js';
import { runApplicationStep, todayOf } from './application-log.js';
import { storeCorrectionFiles } from './receive-correction.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { fileInput, parseRequestInput } from './request-input.js';

export const submitCorrectionOnlineInput = z.object({
  reference: z.string().trim().min(1).max(64),
  queryCode: z.string().trim().min(1).max(64),
  text: z.string().trim().min(1, { message: 'requests.error.description_required' }).max(10_000),
  files: z.array(fileInput).max(10).default([]),
});
export type SubmitCorrectionOnlineInput = z.input<typeof submitCorrectionOnlineInput>;

/**
 * The applicant answers the 补正 request on the tracking page (reference + query code). Received
 * today (the platform confirms at once, as for the application itself): the clock restarts.
 */
export async function submitCorrectionOnline(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: SubmitCorrectionOnlineInput,
): Promise<{ reference: string; dueOn: string | null }> {
  const parsed = parseRequestInput(submitCorrectionOnlineInput, input);
  const app = await verifyApplicantAccess(ctx, parsed, 'correction');
  const asApplicant: UseCaseContext = { ...ctx, principal: anonymousPrincipal() };
  return runApplicationStep(asApplicant, deps, app.id, {
    action: 'applicant',
    auditAction: 'request.submit_correction',
    build: () => [
      { type: 'correction_received', on: todayOf(ctx, deps), payload: { text: parsed.text, via: 'online' } },
    ],
    after: async (result, trx) => {
      await storeCorrectionFiles(asApplicant, trx, result, parsed.files);
      await mailApplicant(deps, trx, result.loaded.app, result.loaded.org.name, {
        kind: 'correction_received',
        dueOn: result.state.dueOn,
      });
      return { reference: result.loaded.app.reference, dueOn: result.state.dueOn };
    },
  });
}
