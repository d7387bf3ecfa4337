import { z } from 'zod';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { inTransaction, type Tx } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { createApplication, findActiveOrgByCode, type CreatedApplication } from './intake.js';
import { computeReceiptDate, type ReceiptInput } from './receipt.rules.js';
import type { RequestDeps } from './request-deps.js';
import { mailApplicant } from './request-mail.js';
import {
  applicantInput,
  attachmentInput,
  isoDate,
  parseRequestInput,
  requestShape,
} from './request-input.js';

/** The channel and the fact its statutory receipt rule needs (contracts §1, 条例第三十一条). */
export const receiptInput = z.discriminatedUnion(
  'channel',
  [
    z.object({ channel: z.literal('in_person'), handedInOn: isoDate }),
    z.object({ channel: z.literal('registered_mail'), signedForOn: isoDate }),
    z.object({ channel: z.literal('ordinary_mail'), confirmedOn: isoDate }),
    // Another online system (the platform's own form uses submitOnlineApplication).
    z.object({ channel: z.literal('online'), confirmedOn: isoDate }),
    z.object({ channel: z.literal('fax'), confirmedOn: isoDate }),
    z.object({
      channel: z.literal('email'),
      mailReceivedOn: isoDate.optional(),
      mailReceivedAt: z.string().datetime({ offset: true }).optional(),
    }),
    z.object({ channel: z.literal('other'), confirmedOn: isoDate }),
  ],
  { message: 'requests.error.channel_invalid' },
);

export const registerOfflineApplicationInput = z.object({
  ...requestShape,
  applicant: applicantInput,
  receipt: receiptInput,
  /** 条例第二十九条: written down by staff because writing is difficult for the applicant. */
  isOral: z.boolean().default(false),
  /** The scan of the paper application (required for paper channels unless oral), ID copy, etc. */
  attachments: z.array(attachmentInput).max(20).default([]),
});
export type RegisterOfflineApplicationInput = z.input<typeof registerOfflineApplicationInput>;

export interface RegisteredApplication {
  applicationId: number;
  reference: string;
  /** For the 回执 handed or sent to the applicant; shown once, only its hash is stored. */
  queryCode: string;
  receivedOn: string;
  receiptRule: string;
  receiptBasis: string;
  dueOn: string | null;
  isProvisional: boolean;
  isVolumeFlagged: boolean;
}

const PAPER_CHANNELS = ['in_person', 'registered_mail', 'ordinary_mail', 'fax'];

export function toReceiptInput(r: z.output<typeof receiptInput>, timeZone: string): ReceiptInput {
  switch (r.channel) {
    case 'in_person':
      return { channel: 'in_person', handedInOn: r.handedInOn };
    case 'registered_mail':
      return { channel: 'registered_mail', signedForOn: r.signedForOn };
    case 'ordinary_mail':
      return { channel: 'ordinary_mail', confirmedOn: r.confirmedOn };
    case 'online':
      return { channel: 'online', submittedAt: new Date(0), timeZone, confirmedOn: r.confirmedOn };
    case 'fax':
      return { channel: 'fax', confirmedOn: r.confirmedOn };
    case 'email':
      if (r.mailReceivedOn) return { channel: 'email', mailReceivedOn: r.mailReceivedOn };
      if (r.mailReceivedAt) return { channel: 'email', mailReceivedAt: r.mailReceivedAt, timeZone };
      throw AppError.validation([
        { field: 'receipt.mailReceivedOn', message: 'requests.error.date_invalid' },
      ]);
    case 'other':
      return { channel: 'other', confirmedOn: r.confirmedOn };
  }
}

/** Parses, authorises and creates; shared with answerOnTheSpot. The caller mails. */
export async function registerInTransaction(
  ctx: UseCaseContext,
  deps: RequestDeps,
  trx: Tx,
  parsed: z.output<typeof registerOfflineApplicationInput>,
  auditAction: 'request.register' | 'request.answer_on_the_spot' = 'request.register',
): Promise<CreatedApplication> {
  const org = await findActiveOrgByCode(trx, parsed.orgCode);
  assertCan(ctx.principal, 'request.handle', { orgPath: org.path });
  if (
    PAPER_CHANNELS.includes(parsed.receipt.channel) &&
    !parsed.isOral &&
    !parsed.attachments.some((f) => f.kind === 'paper_scan')
  ) {
    throw AppError.validation([{ field: 'attachments', message: 'requests.error.paper_scan_required' }]);
  }
  const receipt = computeReceiptDate(toReceiptInput(parsed.receipt, deps.timeZone));
  return createApplication(ctx, deps, trx, {
    orgCode: parsed.orgCode,
    channel: parsed.receipt.channel,
    receipt,
    submittedAt: ctx.now.toISOString(),
    applicant: parsed.applicant,
    description: parsed.description,
    docNumber: parsed.docNumber,
    docTitle: parsed.docTitle,
    purpose: parsed.purpose,
    deliveryForm: parsed.deliveryForm,
    deliveryMethod: parsed.deliveryMethod,
    isOral: parsed.isOral,
    files: parsed.attachments,
    registeredBy: ctx.principal.userId,
    auditAction,
  });
}

/**
 * 补录: staff register an application that arrived in person, by registered or ordinary mail, fax,
 * e-mail or another channel, with that channel's statutory receipt date (receipt.rules.ts) and the
 * paper scan; or an oral application written down on the applicant's behalf (条例第二十九条).
 * Needs request.handle on the organisation applied to.
 */
export async function registerOfflineApplication(
  ctx: UseCaseContext,
  deps: RequestDeps,
  input: RegisterOfflineApplicationInput,
): Promise<RegisteredApplication> {
  const parsed = parseRequestInput(registerOfflineApplicationInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const created = await registerInTransaction(ctx, deps, trx, parsed);
    await mailApplicant(deps, trx, created.loaded.app, created.loaded.org.name, {
      kind: 'received',
      dueOn: created.state.dueOn,
    });
    return presentRegistered(created);
  });
}

export function presentRegistered(created: CreatedApplication): RegisteredApplication {
  const registered = created.loaded.events.find((e) => e.type === 'registered');
  const payload = registered ? (JSON.parse(registered.payload_json) as Record<string, string>) : {};
  return {
    applicationId: created.loaded.app.id,
    reference: created.reference,
    queryCode: created.queryCode,
    receivedOn: created.loaded.app.received_on,
    receiptRule: payload.receiptRule ?? '',
    receiptBasis: payload.basis ?? '',
    dueOn: created.state.dueOn,
    isProvisional: created.state.isProvisional,
    isVolumeFlagged: created.isVolumeFlagged,
  };
}
