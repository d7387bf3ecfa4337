import { z } from 'zod';
import type { FieldProblem } from '../../platform/errors.js';
import { ID_DOCUMENT_TYPES } from '../applicant.rules.js';
import { APPLICANT_TYPES, isApplicantType } from '../codes.js';
import {
  applicantInput,
  DELIVERY_FORMS,
  requestShape,
  type DeliveryForm,
  type DeliveryMethod,
} from '../request-input.js';
import type { DraftAnswers } from './draft.public.js';

/**
 * The questions of the online application (条例第二十九条: who asks, how to reach them, what is asked
 * for, in what form and how to receive it), one per page, and the checks of each page. The checks
 * reuse the requests context's own input schema (request-input.ts) on the answers so far, keeping
 * only the problems of the page's own fields, so a page and the final submit never disagree.
 */

export const STEPS = [
  'organisation',
  'applicant-type',
  'identity',
  'contact',
  'information',
  'delivery',
  'attachments',
] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

/** The ways to receive the information this form offers (条例第二十九条(三)); fax is staff-only. */
export const PUBLIC_DELIVERY_METHODS = [
  'post',
  'email',
  'pickup',
  'online_download',
] as const satisfies readonly DeliveryMethod[];

export function isNaturalPerson(a: DraftAnswers): boolean {
  return a.applicantType === 'natural_person';
}

export function isStepDone(step: Step, a: DraftAnswers): boolean {
  switch (step) {
    case 'organisation':
      return Boolean(a.orgCode);
    case 'applicant-type':
      return Boolean(a.applicantType);
    case 'identity':
      return Boolean(
        a.name && (isNaturalPerson(a) ? a.idType && a.idNumber : a.creditCode && a.contactPerson),
      );
    case 'contact':
      return Boolean(a.phone && a.address);
    case 'information':
      return Boolean(a.description);
    case 'delivery':
      return Boolean(a.deliveryForm && a.deliveryMethod);
    case 'attachments':
      return Boolean(a.attachmentsDone);
  }
}

/** The first question not yet answered, or null when the application is ready to check. */
export function firstMissingStep(a: DraftAnswers): Step | null {
  return STEPS.find((s) => !isStepDone(s, a)) ?? null;
}

export function previousStep(step: Step): Step | null {
  const i = STEPS.indexOf(step);
  return i > 0 ? STEPS[i - 1]! : null;
}

export interface StepResult {
  changes: Partial<DraftAnswers>;
  problems: FieldProblem[];
  /** What the visitor typed, to show again on error. */
  values: Record<string, string>;
}

type Form = Record<string, string>;

const trimmed = (form: Form, key: string): string => (form[key] ?? '').trim();

function issuesFor(error: z.ZodError | undefined, fields: readonly string[]): FieldProblem[] {
  if (!error) return [];
  return error.issues
    .map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }))
    .filter((p) => fields.includes(p.field))
    .map((p) => ({
      ...p,
      message: p.message.startsWith('requests.error.') ? p.message : 'requests.error.invalid_input',
    }));
}

/** Upper case, no spaces: how ID numbers and credit codes are written and checked. */
export function normaliseCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * A resident ID that fails the rule is explained: the wrong length or characters, or (the shape being
 * right) a birth date or check character that does not add up (GB 11643: the 18th character is
 * computed from the first 17, so one mistyped digit shows here).
 */
function explainIdProblem(p: FieldProblem, idNumber: string): FieldProblem {
  if (p.field !== 'idNumber' || p.message !== 'requests.error.id_number_invalid') return p;
  return /^\d{17}[\dX]$/.test(idNumber)
    ? { field: p.field, message: 'apply.error.id_number_checksum' }
    : { field: p.field, message: 'apply.error.id_number_format' };
}

/** GB 32100: 18 characters of digits and capitals without I, O, S, V, Z; the last is a check character. */
function explainCreditCodeProblem(p: FieldProblem, code: string): FieldProblem {
  if (p.field !== 'creditCode' || p.message !== 'requests.error.credit_code_invalid') return p;
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)
    ? { field: p.field, message: 'apply.error.credit_code_checksum' }
    : { field: p.field, message: 'apply.error.credit_code_format' };
}

/** The applicant as the use case's schema sees it, from the answers so far. */
export function applicantOf(a: DraftAnswers) {
  const natural = isNaturalPerson(a);
  return {
    type: a.applicantType,
    name: a.name ?? '',
    idType: natural ? (a.idType ?? null) : null,
    idNumber: natural ? (a.idNumber ?? null) : null,
    creditCode: natural ? null : (a.creditCode ?? null),
    contactPerson: natural ? null : (a.contactPerson ?? null),
    phone: a.phone ?? null,
    email: a.email ?? null,
    address: a.address ?? null,
    postcode: a.postcode ?? null,
  };
}

export function checkOrganisation(form: Form, activeCodes: ReadonlySet<string>): StepResult {
  const orgCode = trimmed(form, 'orgCode');
  const values = { orgCode };
  if (!orgCode || !activeCodes.has(orgCode)) {
    return { changes: {}, values, problems: [{ field: 'orgCode', message: 'apply.error.org_required' }] };
  }
  return { changes: { orgCode }, values, problems: [] };
}

export function checkApplicantType(form: Form): StepResult {
  const applicantType = trimmed(form, 'applicantType');
  const values = { applicantType };
  if (!isApplicantType(applicantType)) {
    return {
      changes: {},
      values,
      problems: [{ field: 'applicantType', message: 'requests.error.applicant_type_invalid' }],
    };
  }
  return { changes: { applicantType }, values, problems: [] };
}

export function checkIdentity(form: Form, a: DraftAnswers): StepResult {
  const natural = isNaturalPerson(a);
  const values: Record<string, string> = natural
    ? {
        name: trimmed(form, 'name'),
        idType: trimmed(form, 'idType'),
        idNumber: normaliseCode(form.idNumber ?? ''),
      }
    : {
        name: trimmed(form, 'name'),
        creditCode: normaliseCode(form.creditCode ?? ''),
        contactPerson: trimmed(form, 'contactPerson'),
      };
  const fields = natural ? ['name', 'idType', 'idNumber'] : ['name', 'creditCode', 'contactPerson'];
  const idType = (ID_DOCUMENT_TYPES as readonly string[]).includes(values.idType ?? '')
    ? (values.idType as DraftAnswers['idType'])
    : undefined;
  const changes: Partial<DraftAnswers> = natural
    ? { name: values.name, idType, idNumber: values.idNumber }
    : { name: values.name, creditCode: values.creditCode, contactPerson: values.contactPerson };
  const parsed = applicantInput.safeParse(applicantOf({ ...a, ...changes }));
  const problems = issuesFor(parsed.error, fields)
    .map((p) => explainIdProblem(p, values.idNumber ?? ''))
    .map((p) => explainCreditCodeProblem(p, values.creditCode ?? ''));
  return { changes: problems.length ? {} : changes, values, problems };
}

export function checkContact(form: Form, a: DraftAnswers): StepResult {
  const values = {
    phone: trimmed(form, 'phone'),
    email: trimmed(form, 'email'),
    address: trimmed(form, 'address'),
    postcode: trimmed(form, 'postcode'),
  };
  const changes: Partial<DraftAnswers> = { ...values };
  const parsed = applicantInput.safeParse(applicantOf({ ...a, ...changes }));
  const problems = issuesFor(parsed.error, ['phone', 'email', 'address', 'postcode']).filter(
    (p) => p.message !== 'requests.error.contact_required',
  );
  // This form asks for a phone number and a postal address; e-mail is optional (条例第二十九条(一) 联系方式).
  if (!values.phone && !problems.some((p) => p.field === 'phone')) {
    problems.unshift({ field: 'phone', message: 'apply.error.phone_required' });
  }
  if (!values.address && !problems.some((p) => p.field === 'address')) {
    problems.push({ field: 'address', message: 'apply.error.address_required' });
  }
  if (values.postcode && !/^\d{6}$/.test(values.postcode)) {
    problems.push({ field: 'postcode', message: 'apply.error.postcode_invalid' });
  }
  // Changing the e-mail away while "by e-mail" is chosen would leave the delivery unanswerable.
  if (!values.email && a.deliveryMethod === 'email') {
    problems.push({ field: 'email', message: 'apply.error.email_needed_for_delivery' });
  }
  return { changes: problems.length ? {} : changes, values, problems };
}

const informationSchema = z.object({
  description: requestShape.description,
  docTitle: requestShape.docTitle,
  docNumber: requestShape.docNumber,
});

export function checkInformation(form: Form): StepResult {
  const values = {
    description: trimmed(form, 'description'),
    docTitle: trimmed(form, 'docTitle'),
    docNumber: trimmed(form, 'docNumber'),
  };
  const parsed = informationSchema.safeParse(values);
  const problems = issuesFor(parsed.error, ['description', 'docTitle', 'docNumber']);
  return { changes: problems.length ? {} : values, values, problems };
}

export function checkDelivery(form: Form, a: DraftAnswers): StepResult {
  const values = {
    deliveryForm: trimmed(form, 'deliveryForm'),
    deliveryMethod: trimmed(form, 'deliveryMethod'),
  };
  const problems: FieldProblem[] = [];
  const deliveryForm = (DELIVERY_FORMS as readonly string[]).includes(values.deliveryForm)
    ? (values.deliveryForm as DeliveryForm)
    : undefined;
  const deliveryMethod = (PUBLIC_DELIVERY_METHODS as readonly string[]).includes(values.deliveryMethod)
    ? (values.deliveryMethod as DeliveryMethod)
    : undefined;
  if (!deliveryForm)
    problems.push({ field: 'deliveryForm', message: 'requests.error.delivery_form_invalid' });
  if (!deliveryMethod)
    problems.push({ field: 'deliveryMethod', message: 'requests.error.delivery_method_invalid' });
  if (deliveryForm === 'paper' && (deliveryMethod === 'email' || deliveryMethod === 'online_download')) {
    problems.push({ field: 'deliveryMethod', message: 'apply.error.delivery_paper_mismatch' });
  }
  if (deliveryMethod === 'email' && !a.email) {
    problems.push({ field: 'deliveryMethod', message: 'apply.error.delivery_email_missing' });
  }
  return { changes: problems.length ? {} : { deliveryForm, deliveryMethod }, values, problems };
}

export { APPLICANT_TYPES, ID_DOCUMENT_TYPES, DELIVERY_FORMS };
