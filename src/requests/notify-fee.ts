import { z } from 'zod';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import { FEE_PAYMENT_WORKDAYS } from './deadline.rules.js';
import { computeFee, type FeeComputation } from './fee.rules.js';
import { monthOf } from './intake.js';
import { renderApplicationLetter } from './letters.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { isoDate, parseRequestInput } from './request-input.js';
import { findApplicantOf } from './requests.repository.js';

export const notifyFeeInput = z.discriminatedUnion('basis', [
  // 国办函〔2020〕109号 第四条: by count, per applicant per calendar month (the identity HMAC).
  z.object({ basis: z.literal('count'), applicationId: z.number().int().positive(), on: isoDate.nullish() }),
  // 第五条: by pages of this answer.
  z.object({
    basis: z.literal('pages'),
    applicationId: z.number().int().positive(),
    pages: z.number().int().min(1).max(1_000_000),
    on: isoDate.nullish(),
  }),
]);
export type NotifyFeeInput = z.input<typeof notifyFeeInput>;

export interface FeeNotified {
  applicationId: number;
  fee: FeeComputation;
  feeDueOn: string;
  letter: { title: string; text: string };
}

/**
 * 收费通知 (条例第四十二条): the amount from fee.rules (per count: this applicant's applications
 * received earlier in the same calendar month, counted by the identity HMAC without decrypting; or per
 * page). The clock pauses until payment; unpaid 20 working days after the notice closes it.
 */
export async function notifyFee(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: NotifyFeeInput,
): Promise<FeeNotified> {
  const parsed = parseRequestInput(notifyFeeInput, input);
  const on = eventDate(ctx, deps, parsed.on);
  let fee: FeeComputation | null = null;
  let feeDueOn = '';
  let letter = { title: '', text: '' };
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.notify_fee',
    build: async (loaded, trx) => {
      if (parsed.basis === 'count') {
        const applicant = await findApplicantOf(trx, loaded.app.id);
        let prior = 0;
        if (applicant?.identity_hmac) {
          const month = monthOf(loaded.app.received_on);
          const row = await trx
            .selectFrom('applicants')
            .innerJoin('applications', 'applications.id', 'applicants.application_id')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('applicants.identity_hmac', '=', applicant.identity_hmac)
            .where('applications.received_on', '>=', month.from)
            .where('applications.received_on', '<=', month.to)
            .where((eb) =>
              eb.or([
                eb('applications.received_on', '<', loaded.app.received_on),
                eb.and([
                  eb('applications.received_on', '=', loaded.app.received_on),
                  eb('applications.id', '<', loaded.app.id),
                ]),
              ]),
            )
            .executeTakeFirstOrThrow();
          prior = Number(row.n);
        }
        fee = computeFee({ basis: 'count', priorUnitsThisMonth: prior, units: 1 });
      } else {
        fee = computeFee({ basis: 'pages', pages: parsed.pages });
      }
      if (fee.amountYuan <= 0) throw new AppError('INVALID_STATE', 'requests.error.fee_zero');
      const calendar = await loadWorkingCalendar(trx, { orgPath: loaded.org.path });
      feeDueOn = calendar.addWorkingDays(on, FEE_PAYMENT_WORKDAYS);
      const rendered = await renderApplicationLetter(trx, loaded, 'fee', {
        letterDate: on,
        feeAmountYuan: fee.amountYuan,
        feeDueOn,
        feeBasis: fee.basisText,
      });
      letter = { title: rendered.title, text: rendered.text };
      return [
        {
          type: 'fee_notified',
          on,
          payload: {
            amountYuan: fee.amountYuan,
            basis: fee.basis,
            units: fee.units,
            lines: fee.lines,
            feeDueOn,
            letter: { kind: 'fee', ...letter },
          },
        },
      ];
    },
    after: async ({ loaded }, trx) => {
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
        kind: 'fee_notified',
        amountYuan: fee!.amountYuan,
        feeDueOn,
      });
      return { applicationId: loaded.app.id, fee: fee!, feeDueOn, letter };
    },
  });
}
