import { z } from 'zod';
import type { IsoDate } from '../calendar/dates.rules.js';
import type { Tx } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep, type LoadedApplication, type NewEvent } from './application-log.js';
import { OUTCOMES, OUTCOME_INFO, type Outcome } from './codes.js';
import { renderApplicationLetter } from './letters.js';
import { answerLetterKind, type LetterFacts } from './letters.rules.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { fileInput, isoDate, parseRequestInput } from './request-input.js';
import { findAnswerGroundByCode, insertFile } from './requests.repository.js';

export const answerShape = {
  outcome: z.enum(OUTCOMES, { message: 'requests.error.outcome_invalid' }),
  /** A ground from the editable list (request_answer_grounds) that belongs to the outcome. */
  groundCode: z.string().trim().max(100).nullish(),
  /** The legal basis; defaults to the ground's article, or the outcome's typical article. */
  article: z.string().trim().max(200).nullish(),
  /** The reasons / how to obtain the information, in the letter's words. */
  reasons: z.string().trim().max(10_000).nullish(),
  /** The information released (already stored by the page, after the personal-data scan). */
  releasedFiles: z.array(fileInput).max(50).default([]),
  /** Further facts for the letter template (responsibleBody, …). */
  letterFacts: z.record(z.string(), z.string().max(5000)).default({}),
};
export const answerFields = z.object(answerShape);
export type AnswerFields = z.output<typeof answerFields>;

export const answerApplicationInput = z.object({
  applicationId: z.number().int().positive(),
  on: isoDate.nullish(),
  ...answerShape,
});
export type AnswerApplicationInput = z.input<typeof answerApplicationInput>;

export interface AnswerResult {
  applicationId: number;
  outcome: Outcome;
  closedOn: IsoDate;
  letter: { kind: string; title: string; text: string; missing: string[] };
  releasedFileIds: number[];
}

/** Outcomes that need a ground from the list (so older statistics can tell the grounds apart). */
function needsGround(outcome: Outcome): boolean {
  return outcome === 'partial' || /^(withheld|unavailable|declined)\./.test(outcome);
}

function defaultArticle(outcome: Outcome): string {
  const first = OUTCOME_INFO[outcome].basis[0];
  return first ? `《中华人民共和国政府信息公开条例》第${first}条` : '';
}

/**
 * Checks an answer and builds its `closed` event with the rendered letter. Shared by answering,
 * 当场答复, telling the applicant which body is responsible, and the close-for-… steps.
 */
export async function buildAnswerEvent(
  trx: Tx,
  loaded: Pick<LoadedApplication, 'app' | 'org'>,
  answer: AnswerFields,
  on: IsoDate,
): Promise<{ event: NewEvent; letter: AnswerResult['letter'] }> {
  const { outcome } = answer;
  let groundLabel: string | null = null;
  let article = answer.article ?? null;
  if (answer.groundCode) {
    const ground = await findAnswerGroundByCode(trx, answer.groundCode);
    const fits =
      ground !== undefined &&
      ground.is_active === 1 &&
      (ground.outcome === outcome || (outcome === 'partial' && ground.outcome.startsWith('withheld.')));
    if (!fits) throw AppError.validation([{ field: 'groundCode', message: 'requests.error.ground_invalid' }]);
    groundLabel = ground.label;
    article ??= ground.article
      ? `《中华人民共和国政府信息公开条例》${ground.article.replace(/^条例/, '')}`
      : null;
  } else if (needsGround(outcome)) {
    throw AppError.validation([{ field: 'groundCode', message: 'requests.error.ground_required' }]);
  }
  article ??= defaultArticle(outcome);
  if (
    (outcome === 'granted' || outcome === 'partial') &&
    answer.releasedFiles.length === 0 &&
    !answer.reasons
  ) {
    throw AppError.validation([
      { field: 'releasedFiles', message: 'requests.error.released_files_required' },
    ]);
  }
  const facts: LetterFacts = {
    letterDate: on,
    outcomeLabel: OUTCOME_INFO[outcome].row['zh-CN'],
    article,
    groundLabel,
    reasons: answer.reasons,
    releasedFiles: answer.releasedFiles.map((f) => f.name).join('、') || null,
    ...answer.letterFacts,
  };
  const letter = await renderApplicationLetter(trx, loaded, answerLetterKind(outcome), facts);
  return {
    event: {
      type: 'closed',
      on,
      payload: {
        outcome,
        groundCode: answer.groundCode ?? null,
        groundLabel,
        article,
        reasons: answer.reasons ?? null,
        letter: { kind: letter.kind, title: letter.title, text: letter.text },
      },
    },
    letter: { kind: letter.kind, title: letter.title, text: letter.text, missing: letter.missing },
  };
}

/** Records the released files against the closing event. */
export async function recordReleasedFiles(
  ctx: UseCaseContext,
  trx: Tx,
  applicationId: number,
  eventId: number,
  files: AnswerFields['releasedFiles'],
): Promise<number[]> {
  const ids: number[] = [];
  for (const f of files) {
    ids.push(
      await insertFile(trx, {
        application_id: applicationId,
        event_id: eventId,
        kind: 'released',
        storage_key: f.storageKey,
        name: f.name,
        content_type: f.contentType,
        size: f.size ?? null,
        created_by: ctx.principal.userId,
        created_at: ctx.now.toISOString(),
      }),
    );
  }
  return ids;
}

/**
 * 答复 (条例第三十六条 to 第三十九条): closes the application with one of the 21 outcomes, its legal
 * basis and ground, the released files and the answer letter's text from the outcome's template.
 * Refused with REQUEST_EVENT_ORDER when the log does not allow it (e.g. dated before receipt).
 */
export async function answerApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: AnswerApplicationInput,
): Promise<AnswerResult> {
  const parsed = parseRequestInput(answerApplicationInput, input);
  let letter: AnswerResult['letter'] | null = null;
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.answer',
    auditExtra: { groundCode: parsed.groundCode ?? null, releasedFiles: parsed.releasedFiles.length },
    build: async (loaded, trx) => {
      const built = await buildAnswerEvent(trx, loaded, parsed, eventDate(ctx, deps, parsed.on));
      letter = built.letter;
      return [built.event];
    },
    after: async ({ loaded, eventIds, state }, trx) => {
      const releasedFileIds = await recordReleasedFiles(
        ctx,
        trx,
        loaded.app.id,
        eventIds[0]!,
        parsed.releasedFiles,
      );
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
        kind: 'answered',
        outcome: parsed.outcome,
      });
      return {
        applicationId: loaded.app.id,
        outcome: parsed.outcome,
        closedOn: state.closedOn!,
        letter: letter!,
        releasedFileIds,
      };
    },
  });
}
