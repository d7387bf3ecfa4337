import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import { CONSULTATION_PARTIES } from './codes.js';
import { CONSULTATION_WORKDAYS } from './deadline.rules.js';
import { renderApplicationLetter } from './letters.js';
import type { RequestDeps } from './request-deps.js';
import { isoDate, parseRequestInput } from './request-input.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';

export const startConsultationInput = z.object({
  applicationId: z.number().int().positive(),
  party: z.enum(CONSULTATION_PARTIES, { message: 'requests.error.consultation_party_invalid' }),
  /** Who is consulted (a company, another agency): staff-only, never on the public timeline. */
  partyName: z.string().trim().min(1).max(200),
  note: z.string().trim().max(5000).nullish(),
  on: isoDate.nullish(),
});
export type StartConsultationInput = z.input<typeof startConsultationInput>;

/**
 * 征求意见 of a third party (条例第三十二条) or another agency (第三十四条): the clock pauses from the
 * day after it goes out until the reply, or 15 working days at most (contracts §2).
 */
export async function startConsultation(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: StartConsultationInput,
): Promise<{ applicationId: number; windowEndsOn: string; letter: { title: string; text: string } }> {
  const parsed = parseRequestInput(startConsultationInput, input);
  const on = eventDate(ctx, deps, parsed.on);
  let windowEndsOn = '';
  let letter = { title: '', text: '' };
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.start_consultation',
    auditExtra: { party: parsed.party },
    build: async (loaded, trx) => {
      const calendar = await loadWorkingCalendar(trx, { orgPath: loaded.org.path });
      windowEndsOn = calendar.addWorkingDays(on, CONSULTATION_WORKDAYS);
      const rendered = await renderApplicationLetter(trx, loaded, 'consultation', {
        letterDate: on,
        consultedParty: parsed.partyName,
        consultationDueOn: windowEndsOn,
      });
      letter = { title: rendered.title, text: rendered.text };
      return [
        {
          type: 'consultation_started',
          on,
          payload: {
            party: parsed.party,
            partyName: parsed.partyName,
            note: parsed.note ?? null,
            windowEndsOn,
            letter: { kind: 'consultation', ...letter },
          },
        },
      ];
    },
    after: ({ loaded }) => ({ applicationId: loaded.app.id, windowEndsOn, letter }),
  });
}
