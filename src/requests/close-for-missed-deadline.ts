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
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import type { ApplicationState, StateAlert } from './application-state.rules.js';

/** What differs between the ways an application closes because the applicant let a deadline pass. */
export interface MissedDeadlineClosure {
  auditAction: string;
  /** The alert `deriveApplicationState` raises once that deadline has passed. */
  alert: StateAlert;
  /** i18n key of the refusal while the deadline has not passed yet. */
  notYetKey: string;
  outcome: 'other.no_correction' | 'other.fee_unpaid';
  letterFacts: (state: ApplicationState) => Record<string, string>;
  mailKind: 'closed_no_correction' | 'closed_fee_unpaid';
}

/**
 * Closes an application as abandoned once the applicant missed the office's deadline (补正 or fee);
 * refused with INVALID_STATE before the deadline has passed. Staff run it, or the deadline sweep as the system.
 */
export function closeForMissedDeadline(
  ctx: UseCaseContext,
  deps: RequestDeps,
  applicationId: number,
  closure: MissedDeadlineClosure,
): Promise<{ applicationId: number; closedOn: string }> {
  const today = todayOf(ctx, deps);
  return runApplicationStep(ctx, deps, applicationId, {
    action: 'request.handle',
    auditAction: closure.auditAction,
    build: async (loaded, trx) => {
      const calendar = await loadWorkingCalendar(trx, { orgPath: loaded.org.path });
      const state = computeApplicationState(
        loaded.app,
        loaded.events,
        calendar,
        today,
        await readDueSoonWorkdays(trx),
      );
      if (!state.alerts.includes(closure.alert)) throw new AppError('INVALID_STATE', closure.notYetKey);
      const built = await buildAnswerEvent(
        trx,
        loaded,
        {
          outcome: closure.outcome,
          groundCode: null,
          article: null,
          reasons: null,
          releasedFiles: [],
          letterFacts: closure.letterFacts(state),
        },
        today,
      );
      return [built.event];
    },
    after: async ({ loaded }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, { kind: closure.mailKind });
      return { applicationId: loaded.app.id, closedOn: today };
    },
  });
}
