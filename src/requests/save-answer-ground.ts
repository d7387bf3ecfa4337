import { z } from 'zod';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { OUTCOMES } from './codes.js';
import { assertCanConfigure } from './application-log.js';
import { parseRequestInput } from './request-input.js';
import { findAnswerGroundByCode, insertAnswerGround, updateAnswerGround } from './requests.repository.js';

export const saveAnswerGroundInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,49}$/, { message: 'requests.error.ground_code_invalid' }),
  label: z.string().trim().min(1).max(200),
  outcome: z.enum(OUTCOMES, { message: 'requests.error.outcome_invalid' }),
  article: z.string().trim().max(200).default(''),
  sortOrder: z.number().int().min(0).max(100_000).default(1000),
  isActive: z.boolean().default(true),
});
export type SaveAnswerGroundInput = z.input<typeof saveAnswerGroundInput>;

/**
 * Adds or edits a ground of the city-wide list (商业秘密, 个人隐私, 非政府信息, …). A ground is never
 * deleted, only deactivated, because answered applications name it. Its outcome never changes once
 * set: the annual report's rows depend on it.
 */
export async function saveAnswerGround(
  ctx: UseCaseContext,
  input: SaveAnswerGroundInput,
): Promise<{ id: number }> {
  const parsed = parseRequestInput(saveAnswerGroundInput, input);
  await assertCanConfigure(ctx);
  return inTransaction(ctx.database.db, async (trx) => {
    const existing = await findAnswerGroundByCode(trx, parsed.code);
    const row = {
      label: parsed.label,
      article: parsed.article,
      sort_order: parsed.sortOrder,
      is_active: parsed.isActive ? 1 : 0,
      updated_by: ctx.principal.userId,
      updated_at: ctx.now.toISOString(),
    };
    let id: number;
    if (existing) {
      if (existing.outcome !== parsed.outcome) {
        throw AppError.validation([{ field: 'outcome', message: 'requests.error.ground_code_taken' }]);
      }
      await updateAnswerGround(trx, existing.id, row);
      id = existing.id;
    } else {
      id = await insertAnswerGround(trx, { ...row, code: parsed.code, outcome: parsed.outcome });
    }
    await audit(ctx, trx, {
      action: existing ? 'request.ground_update' : 'request.ground_create',
      entityType: 'answer_ground',
      entityId: id,
      before: existing ?? null,
      after: { ...parsed },
    });
    return { id };
  });
}
