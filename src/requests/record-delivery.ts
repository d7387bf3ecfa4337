import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { eventDate, runApplicationStep } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import { fileInput, isoDate, parseRequestInput } from './request-input.js';
import { insertFile } from './requests.repository.js';

export const DELIVERY_RECORD_METHODS = ['in_person', 'post', 'email', 'online', 'fax'] as const;

export const recordDeliveryInput = z.object({
  applicationId: z.number().int().positive(),
  method: z.enum(DELIVERY_RECORD_METHODS, { message: 'requests.error.delivery_method_invalid' }),
  /** The day it was delivered (signed for, sent, handed over). */
  on: isoDate.nullish(),
  /** 送达回证, the post's tracking number, a screenshot: the proof. */
  trackingNumber: z.string().trim().max(100).nullish(),
  proof: fileInput.nullish(),
});
export type RecordDeliveryInput = z.input<typeof recordDeliveryInput>;

const METHOD_LABELS: Record<(typeof DELIVERY_RECORD_METHODS)[number], string> = {
  in_person: '当面领取',
  post: '邮寄',
  email: '电子邮件',
  online: '网上查阅下载',
  fax: '传真',
};

/** Records how and when the answer reached the applicant (送达), with its proof. After the answer only. */
export async function recordDelivery(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RecordDeliveryInput,
): Promise<{ applicationId: number; eventId: number }> {
  const parsed = parseRequestInput(recordDeliveryInput, input);
  return runApplicationStep(ctx, deps, parsed.applicationId, {
    action: 'request.handle',
    auditAction: 'request.record_delivery',
    auditExtra: { method: parsed.method },
    build: (loaded) => {
      if (loaded.app.closed_on === null || loaded.app.status === 'withdrawn') {
        throw new AppError('INVALID_STATE', 'requests.error.not_answered');
      }
      return [
        {
          type: 'delivered',
          on: eventDate(ctx, deps, parsed.on),
          payload: { method: parsed.method, trackingNumber: parsed.trackingNumber ?? null },
        },
      ];
    },
    after: async ({ loaded, eventIds }, trx) => {
      if (parsed.proof) {
        await insertFile(trx, {
          application_id: loaded.app.id,
          event_id: eventIds[0]!,
          kind: 'delivery_proof',
          storage_key: parsed.proof.storageKey,
          name: parsed.proof.name,
          content_type: parsed.proof.contentType,
          size: parsed.proof.size ?? null,
          created_by: ctx.principal.userId,
          created_at: ctx.now.toISOString(),
        });
      }
      await mailApplicant(deps, trx, loaded.app, loaded.org.name, {
        kind: 'delivered',
        method: METHOD_LABELS[parsed.method],
      });
      return { applicationId: loaded.app.id, eventId: eventIds[0]! };
    },
  });
}
