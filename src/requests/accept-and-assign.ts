import { z } from 'zod';
import { can } from '../platform/auth/permissions.rules.js';
import { loadPrincipal } from '../platform/auth/sessions.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';
import { updateApplication } from './requests.repository.js';

export const acceptAndAssignInput = z.object({
  applicationId: z.number().int().positive(),
  /** The case handler who will handle it: must hold request.handle on the holding organisation. */
  handlerUserId: z.number().int().positive({ message: 'requests.error.handler_invalid' }),
  on: isoDate.nullish(),
});
export type AcceptAndAssignInput = z.input<typeof acceptAndAssignInput>;

/** Accepts an application into the office's work and assigns (or reassigns) its handler. */
export async function acceptAndAssign(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: AcceptAndAssignInput,
): Promise<{ handlerUserId: number }> {
  const parsed = parseRequestInput(acceptAndAssignInput, input);
  const handler = await loadPrincipal(ctx.database, parsed.handlerUserId);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.assign',
    auditExtra: { handlerUserId: parsed.handlerUserId },
    build: (loaded) => {
      if (!handler || !can(handler, 'request.handle', { orgPath: loaded.org.path })) {
        throw AppError.validation([{ field: 'handlerUserId', message: 'requests.error.handler_invalid' }]);
      }
      return [
        {
          type: 'assigned',
          on: eventDate(ctx, deps, parsed.on),
          payload: { handlerUserId: parsed.handlerUserId },
        },
      ];
    },
    after: async ({ loaded }, trx) => {
      await updateApplication(trx, loaded.app.id, { handler_user_id: parsed.handlerUserId });
      return { handlerUserId: parsed.handlerUserId };
    },
  });
}
