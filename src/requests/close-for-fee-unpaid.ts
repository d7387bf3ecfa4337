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
  const today = todayOf(ctx, deps);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.close_fee_unpaid',
    build: async (loaded, trx) => {
      const calendar = await loadWorkingCalendar(trx, { orgPath: loaded.org.path });
      const state = computeApplicationState(
        loaded.app,
        loaded.events,
        calendar,
        today,
        await readDueSoonWorkdays(trx),
      );
      if (!state.alerts.includes('fee_deadline_passed')) {
        throw new AppError('INVALID_STATE', 'requests.error.fee_not_overdue');
      }
      const built = await buildAnswerEvent(
        trx,
        loaded,
        {
          outcome: 'other.fee_unpaid',
          groundCode: null,
          article: null,
          reasons: null,
          releasedFiles: [],
          letterFacts: {},
        },
        today,
      );
      return [built.event];
    },
    after: async ({ loaded }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, { kind: 'closed_fee_unpaid' });
      return { applicationId: loaded.app.id, closedOn: today };
    },
  });
}
