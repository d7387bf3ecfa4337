import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import {
  computeApplicationState,
  readDueSoonWorkdays,
  runApplicationStep,
  todayOf,
} from './application-log.js';
import { buildAnswerEvent } from './answer-application.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { parseRequestInput } from './request-input.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';

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
  const today = todayOf(ctx, deps);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.close_no_correction',
    build: async (loaded, trx) => {
      const calendar = await loadWorkingCalendar(trx, { orgPath: loaded.org.path });
      const state = computeApplicationState(
        loaded.app,
        loaded.events,
        calendar,
        today,
        await readDueSoonWorkdays(trx),
      );
      if (!state.alerts.includes('correction_deadline_passed')) {
        throw new AppError('INVALID_STATE', 'requests.error.correction_not_overdue');
      }
      const built = await buildAnswerEvent(
        trx,
        loaded,
        {
          outcome: 'other.no_correction',
          groundCode: null,
          article: null,
          reasons: null,
          releasedFiles: [],
          letterFacts: { correctionDueOn: state.deadline.correctionDueOn ?? '' },
        },
        today,
      );
      return [built.event];
    },
    after: async ({ loaded }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, { kind: 'closed_no_correction' });
      return { applicationId: loaded.app.id, closedOn: today };
    },
  });
}
