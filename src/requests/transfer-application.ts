import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, findHoldingOrg, runApplicationStep } from './application-log.js';
import { buildAnswerEvent, type AnswerResult } from './answer-application.js';
import { findActiveOrgByCode } from './intake.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { isoDate, parseRequestInput } from './request-input.js';
import { updateApplication } from './requests.repository.js';

export const transferApplicationInput = z.discriminatedUnion('mode', [
  // 转办 inside the platform: the receiving organisation holds it; receipt date and clock unchanged.
  z.object({
    mode: z.literal('platform'),
    applicationId: z.number().int().positive(),
    toOrgCode: z.string().trim().min(1, { message: 'requests.error.transfer_target_invalid' }),
    note: z.string().trim().max(2000).nullish(),
    on: isoDate.nullish(),
  }),
  // 条例第三十六条(五): not this body's information, and the responsible body is outside the platform.
  z.object({
    mode: z.literal('tell_responsible'),
    applicationId: z.number().int().positive(),
    responsibleBody: z
      .string()
      .trim()
      .min(1, { message: 'requests.error.responsible_body_required' })
      .max(200),
    responsibleContact: z.string().trim().max(500).nullish(),
    note: z.string().trim().max(5000).nullish(),
    on: isoDate.nullish(),
  }),
]);
export type TransferApplicationInput = z.input<typeof transferApplicationInput>;

export type TransferResult =
  | { mode: 'platform'; applicationId: number; toOrgId: number; dueOn: string | null }
  | { mode: 'tell_responsible'; applicationId: number; letter: AnswerResult['letter'] };

/**
 * 转办 to another organisation on the platform (contracts §2: the receipt date and the clock do not
 * change — one front door), or closing as `unavailable.not_held` with the responsible body named.
 */
export async function transferApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: TransferApplicationInput,
): Promise<TransferResult> {
  const parsed = parseRequestInput(transferApplicationInput, input);
  const on = eventDate(ctx, deps, parsed.on);
  if (parsed.mode === 'platform') {
    let toOrgId = 0;
    return runApplicationStep(ctx, deps, parsed.applicationId, {
      action: 'request.handle',
      auditAction: 'request.transfer',
      auditExtra: { toOrgCode: parsed.toOrgCode },
      build: async (loaded, trx) => {
        const target = await findActiveOrgByCode(trx, parsed.toOrgCode).catch(() => null);
        if (!target || target.id === loaded.app.org_id) {
          throw AppError.validation([
            { field: 'toOrgCode', message: 'requests.error.transfer_target_invalid' },
          ]);
        }
        toOrgId = target.id;
        const from = loaded.org.code;
        // The receiving organisation holds it from now on (and its handlers get it; the old handler not).
        await updateApplication(trx, loaded.app.id, { org_id: target.id, handler_user_id: null });
        loaded.org = await findHoldingOrg(trx, target.id);
        return [
          {
            type: 'transferred',
            on,
            payload: { to: target.code, from, note: parsed.note ?? null },
          },
        ];
      },
      after: async ({ loaded, state }, trx) => {
        await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
          kind: 'transferred',
          orgName: loaded.org.name,
        });
        return { mode: 'platform' as const, applicationId: loaded.app.id, toOrgId, dueOn: state.dueOn };
      },
    });
  }
  let letter: AnswerResult['letter'] | null = null;
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.refer_elsewhere',
    build: async (loaded, trx) => {
      const built = await buildAnswerEvent(
        trx,
        loaded,
        {
          outcome: 'unavailable.not_held',
          groundCode: 'not_this_agency',
          article: null,
          reasons: parsed.note ?? null,
          releasedFiles: [],
          letterFacts: {
            responsibleBody: `负责公开该信息的机关为${parsed.responsibleBody}${parsed.responsibleContact ? `，联系方式：${parsed.responsibleContact}` : ''}。`,
            ...(parsed.responsibleContact ? { responsibleContact: parsed.responsibleContact } : {}),
          },
        },
        on,
      );
      letter = built.letter;
      return [built.event];
    },
    after: async ({ loaded }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
        kind: 'answered',
        outcome: 'unavailable.not_held',
      });
      return { mode: 'tell_responsible' as const, applicationId: loaded.app.id, letter: letter! };
    },
  });
}
