import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import { runApplicationStep } from './application-log.js';
import { APPEAL_KINDS } from './codes.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';
import { insertAppeal } from './requests.repository.js';

export const recordAppealInput = z.object({
  applicationId: z.number().int().positive(),
  kind: z.enum(APPEAL_KINDS, { message: 'requests.error.appeal_kind_invalid' }),
  filedOn: isoDate,
  /** The reconsideration body or the court. */
  body: z.string().trim().min(1).max(200),
  caseNumber: z.string().trim().max(100).nullish(),
});
export type RecordAppealInput = z.input<typeof recordAppealInput>;

/** 行政复议 or 行政诉讼 against an application (annual-report table 四): an `appeal_filed` event and its row. */
export async function recordAppeal(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RecordAppealInput,
): Promise<{ applicationId: number; appealId: number }> {
  const parsed = parseRequestInput(recordAppealInput, input);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.record_appeal',
    auditExtra: { kind: parsed.kind },
    build: () => [
      {
        type: 'appeal_filed',
        on: parsed.filedOn,
        payload: { kind: parsed.kind, body: parsed.body, caseNumber: parsed.caseNumber ?? null },
      },
    ],
    after: async ({ loaded }, trx) => {
      const appealId = await insertAppeal(trx, {
        application_id: loaded.app.id,
        kind: parsed.kind,
        filed_on: parsed.filedOn,
        body: parsed.body,
        case_number: parsed.caseNumber ?? null,
        result: null,
        decided_on: null,
        created_at: ctx.now.toISOString(),
        updated_at: ctx.now.toISOString(),
      });
      return { applicationId: loaded.app.id, appealId };
    },
  });
}
