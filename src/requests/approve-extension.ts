import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { computeApplicationState, eventDate, parsePayload, runApplicationStep } from './application-log.js';
import { MAX_EXTENSION_WORKDAYS } from './deadline.rules.js';
import { renderApplicationLetter } from './letters.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { isoDate, parseRequestInput } from './request-input.js';

export const approveExtensionInput = z.object({
  applicationId: z.number().int().positive(),
  /** May shorten what was asked for, never lengthen it. */
  workdays: z
    .number()
    .int()
    .min(1)
    .max(MAX_EXTENSION_WORKDAYS, { message: 'requests.error.workdays_invalid' })
    .nullish(),
  on: isoDate.nullish(),
});
export type ApproveExtensionInput = z.input<typeof approveExtensionInput>;

/**
 * 条例第三十三条: the head of the disclosure office approves the pending extension (once, at most 20
 * working days); the applicant is told. Needs request.approve_extension on the holding organisation.
 */
export async function approveExtension(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: ApproveExtensionInput,
): Promise<{
  applicationId: number;
  workdays: number;
  dueOn: string | null;
  letter: { title: string; text: string };
}> {
  const parsed = parseRequestInput(approveExtensionInput, input);
  const on = eventDate(ctx, deps, parsed.on);
  let workdays = 0;
  let letter = { title: '', text: '' };
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.approve_extension',
    auditAction: 'request.approve_extension',
    build: async (loaded, trx) => {
      const lastRequest = [...loaded.events].reverse().find((e) => e.type === 'extension_requested');
      const alreadyExtended = loaded.events.some((e) => e.type === 'extended');
      if (!lastRequest && !alreadyExtended)
        throw new AppError('INVALID_STATE', 'requests.error.extension_not_pending');
      const asked = lastRequest ? parsePayload(lastRequest) : {};
      const askedDays = typeof asked.workdays === 'number' ? asked.workdays : MAX_EXTENSION_WORKDAYS;
      workdays = Math.min(parsed.workdays ?? askedDays, askedDays);
      const reason = typeof asked.reason === 'string' ? asked.reason : null;
      // The letter names the new due date: the state of the log with this extension in it.
      const calendar = await loadWorkingCalendar(trx, { orgPath: loaded.org.path });
      const draft = { type: 'extended', on_date: on, payload_json: JSON.stringify({ workdays }) };
      const next = computeApplicationState(loaded.app, [...loaded.events, draft], calendar, on, 0);
      const rendered = await renderApplicationLetter(trx, loaded, 'extension', {
        letterDate: on,
        dueOn: next.dueOn,
        extensionWorkdays: workdays,
        extensionReason: reason,
      });
      letter = { title: rendered.title, text: rendered.text };
      return [
        {
          type: 'extended',
          on,
          payload: {
            workdays,
            reason,
            approvedBy: ctx.principal.userId,
            letter: { kind: 'extension', ...letter },
          },
        },
      ];
    },
    after: async ({ loaded, state }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
        kind: 'extended',
        workdays,
        dueOn: state.dueOn,
      });
      return { applicationId: loaded.app.id, workdays, dueOn: state.dueOn, letter };
    },
  });
}
