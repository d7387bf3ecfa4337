import { z } from 'zod';
import type { Tx } from '../platform/db/transaction.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep, type StepResult } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { fileInput, isoDate, parseRequestInput } from './request-input.js';
import { insertFile } from './requests.repository.js';

export const receiveCorrectionInput = z.object({
  applicationId: z.number().int().positive(),
  /** The corrected description or the applicant's answer, as received. */
  text: z.string().trim().max(10_000).nullish(),
  files: z.array(fileInput).max(10).default([]),
  /** The day the corrected application arrived (by the same receipt rules as the application). */
  on: isoDate.nullish(),
});
export type ReceiveCorrectionInput = z.input<typeof receiveCorrectionInput>;

export interface CorrectionReceived {
  applicationId: number;
  /** 条例第三十条: 20 working days after the correction arrived. */
  dueOn: string | null;
}

export async function storeCorrectionFiles(
  ctx: UseCaseContext,
  trx: Tx,
  result: StepResult,
  files: z.output<typeof receiveCorrectionInput>['files'],
): Promise<void> {
  for (const f of files) {
    await insertFile(trx, {
      application_id: result.loaded.app.id,
      event_id: result.eventIds[0]!,
      kind: 'correction',
      storage_key: f.storageKey,
      name: f.name,
      content_type: f.contentType,
      size: f.size ?? null,
      created_by: ctx.principal.userId,
      created_at: ctx.now.toISOString(),
    });
  }
}

/**
 * Staff record that the corrected application arrived (by post, in person, …). 条例第三十条: the answer
 * clock restarts from that day. The applicant's own online answer is `submitCorrectionOnline`.
 */
export async function receiveCorrection(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: ReceiveCorrectionInput,
): Promise<CorrectionReceived> {
  const parsed = parseRequestInput(receiveCorrectionInput, input);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.receive_correction',
    build: () => [
      {
        type: 'correction_received',
        on: eventDate(ctx, deps, parsed.on),
        payload: { text: parsed.text ?? null, via: 'staff' },
      },
    ],
    after: async (result, trx) => {
      await storeCorrectionFiles(ctx, trx, result, parsed.files);
      await mailApplicant(deps, trx, result.loaded.app, result.loaded.org.name, {
        kind: 'correction_received',
        dueOn: result.state.dueOn,
      });
      return { applicationId: result.loaded.app.id, dueOn: result.state.dueOn };
    },
  });
}
