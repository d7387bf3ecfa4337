import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import { renderApplicationLetter } from './letters.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { isoDate, parseRequestInput } from './request-input.js';

export const requestCorrectionInput = z.object({
  applicationId: z.number().int().positive(),
  /** What must be corrected, one item a line in the notice (条例第三十条: 说明需要补正的事项). */
  items: z
    .array(z.string().trim().min(1).max(1000))
    .min(1, { message: 'requests.error.correction_items_required' })
    .max(20),
  /** The reasonable correction deadline the office sets (条例第三十条 names no number). */
  correctionDueOn: isoDate,
  on: isoDate.nullish(),
});
export type RequestCorrectionInput = z.input<typeof requestCorrectionInput>;

export interface CorrectionRequested {
  applicationId: number;
  correctionDueOn: string;
  /** Sent later than 7 working days after receipt: a supervision finding, not an error. */
  isLate: boolean;
  letter: { title: string; text: string; missing: string[] };
}

/**
 * 补正 (条例第三十条): once, with the items and a deadline. The answer clock stops until the corrected
 * application arrives and then restarts. Refused (REQUEST_EVENT_ORDER) a second time, after an
 * extension, or after the answer.
 */
export async function requestCorrection(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RequestCorrectionInput,
): Promise<CorrectionRequested> {
  const parsed = parseRequestInput(requestCorrectionInput, input);
  const on = eventDate(ctx, deps, parsed.on);
  const itemsText = parsed.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
  let letter: CorrectionRequested['letter'] | null = null;
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.request_correction',
    build: async (loaded, trx) => {
      const rendered = await renderApplicationLetter(trx, loaded, 'correction', {
        letterDate: on,
        correctionItems: itemsText,
        correctionDueOn: parsed.correctionDueOn,
      });
      letter = { title: rendered.title, text: rendered.text, missing: rendered.missing };
      return [
        {
          type: 'correction_requested',
          on,
          payload: {
            correctionDueOn: parsed.correctionDueOn,
            items: parsed.items,
            letter: { kind: 'correction', title: rendered.title, text: rendered.text },
          },
        },
      ];
    },
    after: async ({ loaded, state }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
        kind: 'correction_requested',
        correctionDueOn: parsed.correctionDueOn,
        items: itemsText,
      });
      return {
        applicationId: loaded.app.id,
        correctionDueOn: parsed.correctionDueOn,
        isLate: state.deadline.findings.includes('correction_request_late'),
        letter: letter!,
      };
    },
  });
}
