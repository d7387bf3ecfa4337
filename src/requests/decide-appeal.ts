import { z } from 'zod';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { runApplicationStep } from './application-log.js';
import { APPEAL_RESULTS } from './codes.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';
import { findAppealById, updateAppeal } from './requests.repository.js';

export const decideAppealInput = z.object({
  appealId: z.number().int().positive(),
  result: z.enum(APPEAL_RESULTS, { message: 'requests.error.appeal_result_invalid' }),
  decidedOn: isoDate,
});
export type DecideAppealInput = z.input<typeof decideAppealInput>;

/** Records an appeal's result (维持 / 纠正 / 其他): an `appeal_decided` event and the row updated. */
export async function decideAppeal(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: DecideAppealInput,
): Promise<{ appealId: number; result: string }> {
  const parsed = parseRequestInput(decideAppealInput, input);
  const appeal = await inTransaction(ctx.database.db, (trx) => findAppealById(trx, parsed.appealId));
  if (!appeal) throw new AppError('NOT_FOUND', 'requests.error.appeal_not_found');
  return runApplicationStep(ctx, deps, appeal.application_id, {
    action: 'request.handle',
    auditAction: 'request.decide_appeal',
    auditExtra: { appealId: appeal.id, kind: appeal.kind, result: parsed.result },
    build: async (_loaded, trx) => {
      const current = await findAppealById(trx, appeal.id);
      if (current?.result) throw new AppError('INVALID_STATE', 'requests.error.appeal_decided');
      return [
        {
          type: 'appeal_decided',
          on: parsed.decidedOn,
          payload: { kind: appeal.kind, result: parsed.result, appealId: appeal.id },
        },
      ];
    },
    after: async (_result, trx) => {
      await updateAppeal(trx, appeal.id, {
        result: parsed.result,
        decided_on: parsed.decidedOn,
        updated_at: ctx.now.toISOString(),
      });
      return { appealId: appeal.id, result: parsed.result };
    },
  });
}
