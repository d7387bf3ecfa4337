import { z } from 'zod';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { lockApplicationFor } from './application-log.js';
import type { RequestDeps } from './request-deps.js';
import { parseRequestInput } from './request-input.js';
import { findApplicantOf } from './requests.repository.js';

export const revealApplicantIdentityInput = z.object({
  applicationId: z.number().int().positive(),
  /** Why the full numbers are needed (kept in the audit record). */
  reason: z.string().trim().max(500).nullish(),
});
export type RevealApplicantIdentityInput = z.input<typeof revealApplicantIdentityInput>;

/**
 * The full ID and phone numbers, for the handlers of the organisation holding the application
 * (request.reveal_identity). Every view is audited (who, when, which application; never the values).
 */
export async function revealApplicantIdentity(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RevealApplicantIdentityInput,
): Promise<{ idNumber: string | null; phone: string | null }> {
  const parsed = parseRequestInput(revealApplicantIdentityInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const loaded = await lockApplicationFor(ctx, trx, parsed.applicationId, 'request.reveal_identity');
    const applicant = await findApplicantOf(trx, loaded.app.id);
    if (!applicant) throw new AppError('NOT_FOUND', 'requests.error.not_found');
    const revealed = {
      idNumber: applicant.id_number_enc ? deps.secrets.decrypt('id_number', applicant.id_number_enc) : null,
      phone: applicant.phone_enc ? deps.secrets.decrypt('phone', applicant.phone_enc) : null,
    };
    await audit(ctx, trx, {
      action: 'request.reveal_identity',
      entityType: 'application',
      entityId: loaded.app.id,
      orgId: loaded.app.org_id,
      after: {
        fields: Object.entries(revealed)
          .filter(([, v]) => v !== null)
          .map(([k]) => k),
        reason: parsed.reason ?? null,
      },
    });
    return revealed;
  });
}
