import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.rules.js';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { ID_DOCUMENT_TYPES, isValidCreditCode, isValidResidentId } from './applicant.rules.js';
import { APPLICANT_TYPES, CHANNELS } from './codes.js';
import { APPLICATION_FILE_KINDS } from './requests.tables.js';

/** Input shapes shared by the requests use cases, and the mapping of zod issues to i18n keys. */

/** 条例第二十九条(三): the form of the information and how the applicant gets it. */
export const DELIVERY_FORMS = ['paper', 'electronic'] as const;
export const DELIVERY_METHODS = ['post', 'email', 'pickup', 'online_download', 'fax'] as const;
export type DeliveryForm = (typeof DELIVERY_FORMS)[number];
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

const text = (max: number) => z.string().trim().max(max, { message: 'requests.error.text_too_long' });
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const isoDate = z.string().refine(isIsoDate, { message: 'requests.error.date_invalid' });

export const applicantInput = z
  .object({
    type: z.enum(APPLICANT_TYPES, { message: 'requests.error.applicant_type_invalid' }),
    /** A natural person's name, or the organisation's name. */
    name: text(200).min(1, { message: 'requests.error.name_required' }),
    idType: z.enum(ID_DOCUMENT_TYPES, { message: 'requests.error.id_type_invalid' }).nullish(),
    idNumber: optionalText(40),
    creditCode: optionalText(18 + 10),
    contactPerson: optionalText(100),
    phone: optionalText(40).refine((v) => v === null || /^[0-9+()\s-]{5,30}$/.test(v), {
      message: 'requests.error.phone_invalid',
    }),
    email: optionalText(254).refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
      message: 'requests.error.email_invalid',
    }),
    address: optionalText(500),
    postcode: optionalText(10),
  })
  .superRefine((a, ctx) => {
    if (a.type === 'natural_person') {
      // 条例第二十九条(一): 身份证明.
      if (!a.idType)
        ctx.addIssue({ code: 'custom', path: ['idType'], message: 'requests.error.id_type_invalid' });
      if (!a.idNumber) {
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'requests.error.id_number_required' });
      } else if (a.idType === 'resident_id' && !isValidResidentId(a.idNumber)) {
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'requests.error.id_number_invalid' });
      }
    } else {
      if (!a.creditCode) {
        ctx.addIssue({
          code: 'custom',
          path: ['creditCode'],
          message: 'requests.error.credit_code_required',
        });
      } else if (!isValidCreditCode(a.creditCode)) {
        ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'requests.error.credit_code_invalid' });
      }
      if (!a.contactPerson) {
        ctx.addIssue({
          code: 'custom',
          path: ['contactPerson'],
          message: 'requests.error.contact_person_required',
        });
      }
    }
    // 条例第二十九条(一): 联系方式.
    if (!a.phone && !a.email && !a.address) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'requests.error.contact_required' });
    }
  });
export type ApplicantInput = z.input<typeof applicantInput>;
export type ParsedApplicant = z.output<typeof applicantInput>;

/** What is asked for (条例第二十九条(二)(三)). */
export const requestShape = {
  /** The organisation applied to, by code. */
  orgCode: z.string().trim().min(1, { message: 'requests.error.org_unknown' }),
  description: text(5000).min(1, { message: 'requests.error.description_required' }),
  docNumber: optionalText(200),
  docTitle: optionalText(500),
  purpose: optionalText(2000),
  deliveryForm: z.enum(DELIVERY_FORMS, { message: 'requests.error.delivery_form_invalid' }),
  deliveryMethod: z.enum(DELIVERY_METHODS, { message: 'requests.error.delivery_method_invalid' }),
};

/** A file already put into FileStorage by the page; the use case records it. */
export const fileInput = z.object({
  storageKey: z.string().min(1, { message: 'requests.error.file_invalid' }),
  name: z.string().trim().min(1, { message: 'requests.error.file_invalid' }).max(255),
  contentType: z.string().min(1, { message: 'requests.error.file_invalid' }).max(200),
  size: z.number().int().min(0).nullish(),
});
export type FileInput = z.input<typeof fileInput>;

export const attachmentInput = fileInput.extend({
  kind: z.enum(APPLICATION_FILE_KINDS, { message: 'requests.error.file_invalid' }),
});

export const channelSchema = z.enum(CHANNELS, { message: 'requests.error.channel_invalid' });

/** Turns zod issues into field problems; messages that are not our i18n keys become a generic one. */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message: issue.message.startsWith('requests.error.') ? issue.message : 'requests.error.invalid_input',
  }));
}

export function parseRequestInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.validation(zodProblems(result.error));
  return result.data;
}
