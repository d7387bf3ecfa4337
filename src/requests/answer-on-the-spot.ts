import { z } from 'zod';
import { inTransaction } from '../platform/db/transaction.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { appendEvents, auditState, lockApplication, todayOf } from './application-log.js';
import {
  answerFields,
  buildAnswerEvent,
  recordReleasedFiles,
  type AnswerResult,
} from './answer-application.js';
import {
  presentRegistered,
  registerInTransaction,
  registerOfflineApplicationInput,
  type RegisteredApplication,
} from './register-offline-application.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { parseRequestInput } from './request-input.js';

export const answerOnTheSpotInput = z.object({
  application: registerOfflineApplicationInput,
  answer: answerFields,
});
export type AnswerOnTheSpotInput = z.input<typeof answerOnTheSpotInput>;

/**
 * 当场答复 (条例第三十三条第一款: "能够当场答复的，应当当场予以答复"): registration and answer in one
 * step and one transaction, both dated today (the receipt date must be today).
 */
export async function answerOnTheSpot(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: AnswerOnTheSpotInput,
): Promise<{ registered: RegisteredApplication; answer: AnswerResult }> {
  const parsed = parseRequestInput(answerOnTheSpotInput, input);
  const today = todayOf(ctx, deps);
  return inTransaction(ctx.database.db, async (trx) => {
    const created = await registerInTransaction(
      ctx,
      deps,
      trx,
      parsed.application,
      'request.answer_on_the_spot',
    );
    const loaded = await lockApplication(ctx, trx, created.loaded.app.id);
    const built = await buildAnswerEvent(trx, loaded, parsed.answer, today);
    const appended = await appendEvents(ctx, deps, trx, loaded, [
      { ...built.event, payload: { ...built.event.payload, onTheSpot: true } },
    ]);
    const releasedFileIds = await recordReleasedFiles(
      ctx,
      trx,
      loaded.app.id,
      appended.eventIds[0]!,
      parsed.answer.releasedFiles,
    );
    await audit(ctx, trx, {
      action: 'request.answer',
      entityType: 'application',
      entityId: loaded.app.id,
      orgId: loaded.app.org_id,
      after: { ...auditState(appended.state), onTheSpot: true },
    });
    await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
      kind: 'answered',
      outcome: parsed.answer.outcome,
    });
    return {
      registered: { ...presentRegistered(created), dueOn: appended.state.dueOn },
      answer: {
        applicationId: loaded.app.id,
        outcome: parsed.answer.outcome,
        closedOn: appended.state.closedOn!,
        letter: built.letter,
        releasedFileIds,
      },
    };
  });
}
