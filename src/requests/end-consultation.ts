import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';

export const endConsultationInput = z.object({
  applicationId: z.number().int().positive(),
  /** What came back: agrees, objects (with reasons), or nothing within the window. */
  opinion: z.enum(['agrees', 'objects', 'no_reply']),
  note: z.string().trim().max(5000).nullish(),
  /** The day the last reply came back (or the window ran out). */
  on: isoDate.nullish(),
});
export type EndConsultationInput = z.input<typeof endConsultationInput>;

/** The consultation ended: the clock runs again (a reply after the 15-day window counts from the window). */
export async function endConsultation(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: EndConsultationInput,
): Promise<{ applicationId: number; dueOn: string | null }> {
  const parsed = parseRequestInput(endConsultationInput, input);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.end_consultation',
    auditExtra: { opinion: parsed.opinion },
    build: () => [
      {
        type: 'consultation_ended',
        on: eventDate(ctx, deps, parsed.on),
        payload: { opinion: parsed.opinion, note: parsed.note ?? null },
      },
    ],
    after: ({ loaded, state }) => ({ applicationId: loaded.app.id, dueOn: state.dueOn }),
  });
}
