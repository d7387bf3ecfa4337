import { z } from 'zod';
import { inSubmissionTransaction } from '../platform/db/transaction.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { createApplication } from './intake.js';
import { computeReceiptDate } from './receipt.rules.js';
import { hashClientToken } from './reference.rules.js';
import type { RequestDeps } from './request-deps.js';
import { applicantMail } from './request-mail.js';
import { applicantInput, fileInput, parseRequestInput, requestShape } from './request-input.js';
import { findApplicationByClientToken } from './requests.repository.js';

export const submitOnlineApplicationInput = z.object({
  ...requestShape,
  applicant: applicantInput,
  /** ID copy and power of attorney, already stored by the page. */
  attachments: z
    .array(fileInput.extend({ kind: z.enum(['id_copy', 'power_of_attorney']) }))
    .max(10)
    .default([]),
  /**
   * A random one-time token the form carries (≥ 16 characters): a double submit with the same token
   * returns the first application, with the same query code.
   */
  clientToken: z.string().min(16, { message: 'requests.error.client_token_invalid' }).max(200),
});
export type SubmitOnlineApplicationInput = z.input<typeof submitOnlineApplicationInput>;

export interface SubmittedApplication {
  applicationId: number;
  reference: string;
  /** Shown once on the confirmation page; only its hash is stored. */
  queryCode: string;
  receivedOn: string;
  dueOn: string | null;
  isProvisional: boolean;
  /** True when this was a repeat of an earlier submit with the same client token. */
  isRepeat: boolean;
}

/**
 * 网络申请 through this platform's form, no account needed. 条例第三十一条(三): the platform's form
 * confirms at once, so the receipt date is the submission day in the office time zone. Anyone may
 * submit (the page rate-limits); the confirmation mail carries the reference, never the query code.
 */
export async function submitOnlineApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: SubmitOnlineApplicationInput,
): Promise<SubmittedApplication> {
  const parsed = parseRequestInput(submitOnlineApplicationInput, input);
  const tokenHash = hashClientToken(parsed.clientToken);
  const queryCode = deps.secrets.deriveQueryCode(parsed.clientToken);

  const repeat = async (): Promise<SubmittedApplication | null> => {
    const existing = await findApplicationByClientToken(ctx.database.db, tokenHash);
    if (!existing) return null;
    return {
      applicationId: existing.id,
      reference: existing.reference,
      queryCode,
      receivedOn: existing.received_on,
      dueOn: existing.due_on,
      isProvisional: existing.is_provisional === 1,
      isRepeat: true,
    };
  };
  try {
    // No look-up of the token first: the unique index on the token hash answers a repeat (below).
    return await inSubmissionTransaction(ctx.database, async (trx) => {
      const receipt = computeReceiptDate({
        channel: 'online',
        submittedAt: ctx.now,
        timeZone: deps.timeZone,
      });
      const created = await createApplication(ctx, deps, trx, {
        orgCode: parsed.orgCode,
        channel: 'online',
        receipt,
        submittedAt: ctx.now.toISOString(),
        applicant: parsed.applicant,
        description: parsed.description,
        docNumber: parsed.docNumber,
        docTitle: parsed.docTitle,
        purpose: parsed.purpose,
        deliveryForm: parsed.deliveryForm,
        deliveryMethod: parsed.deliveryMethod,
        isOral: false,
        files: parsed.attachments,
        clientTokenHash: tokenHash,
        queryCode,
        registeredBy: null,
        auditAction: 'request.submit',
        // Nothing follows in this transaction: on PostgreSQL the last statements go with COMMIT.
        endsTransaction: true,
        mail: ({ reference, orgName, dueOn }) =>
          applicantMail(
            deps,
            { reference, received_on: receipt.receivedOn },
            orgName,
            { kind: 'received', dueOn },
            parsed.applicant,
          ),
      });
      return {
        applicationId: created.loaded.app.id,
        reference: created.reference,
        queryCode: created.queryCode,
        receivedOn: receipt.receivedOn,
        dueOn: created.state.dueOn,
        isProvisional: created.state.isProvisional,
        isRepeat: false,
      };
    });
  } catch (err) {
    // A repeat: the unique token hash refused the second row (or, as before any look-up, the first
    // application stands whatever this submit would now fail on). Answer with the first application.
    const earlier = await repeat();
    if (earlier) return earlier;
    throw err;
  }
}
