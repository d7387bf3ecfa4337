import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, eventOrderError, runApplicationStep, toRuleEvents } from './application-log.js';
import { validateEventSequence } from './application-state.rules.js';
import { MAX_EXTENSION_WORKDAYS } from './deadline.rules.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';

export const requestExtensionInput = z.object({
  applicationId: z.number().int().positive(),
  workdays: z
    .number()
    .int()
    .min(1, { message: 'requests.error.workdays_invalid' })
    .max(MAX_EXTENSION_WORKDAYS, { message: 'requests.error.workdays_invalid' }),
  reason: z.string().trim().min(1, { message: 'requests.error.extension_reason_required' }).max(2000),
  on: isoDate.nullish(),
});
export type RequestExtensionInput = z.input<typeof requestExtensionInput>;

/**
 * A handler asks the head of the disclosure office for an extension (条例第三十三条). Nothing changes
 * until `approveExtension`; a request that could never be approved (a second extension, awaiting
 * correction, after the answer) is refused now with REQUEST_EVENT_ORDER.
 */
export async function requestExtension(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RequestExtensionInput,
): Promise<{ applicationId: number; workdays: number }> {
  const parsed = parseRequestInput(requestExtensionInput, input);
  const on = eventDate(ctx, deps, parsed.on);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.request_extension',
    auditExtra: { workdays: parsed.workdays },
    build: (loaded) => {
      const existing = toRuleEvents(loaded.events);
      const problems = validateEventSequence(loaded.app.received_on, [
        ...existing,
        { type: 'extended', on, workdays: parsed.workdays },
      ]);
      const own = problems.find((p) => p.index >= existing.length);
      if (own) throw eventOrderError(own);
      if (problems.length > 0) throw new AppError('INVALID_STATE', 'requests.error.event_invalid');
      return [
        { type: 'extension_requested', on, payload: { workdays: parsed.workdays, reason: parsed.reason } },
      ];
    },
    after: ({ loaded }) => ({ applicationId: loaded.app.id, workdays: parsed.workdays }),
  });
}
