import { z } from 'zod';
import { isIsoDate } from './item-dates.js';
import { DOC_TYPES } from './catalog.tables.js';

/** Input fields of create-item and update-item, with `catalog.error.*` messages per field. */
const date = z
  .string()
  .refine((v) => isIsoDate(v), { message: 'catalog.error.date_invalid' })
  .nullable()
  .optional();
const optionalText = (max: number) =>
  z.string().max(max, { message: 'catalog.error.too_long' }).nullable().optional();

export const itemFieldsShape = {
  title: z
    .string({ message: 'catalog.error.title_required' })
    .trim()
    .min(1, { message: 'catalog.error.title_required' })
    .max(500, { message: 'catalog.error.too_long' }),
  summary: z.string().max(5_000, { message: 'catalog.error.too_long' }).optional(),
  /** HTML (sanitised on the way in) or plain text. */
  body: z.string().max(2_000_000, { message: 'catalog.error.too_long' }).optional(),
  formedOn: date,
  docNumber: optionalText(200),
  docType: z.enum(DOC_TYPES, { message: 'catalog.error.doc_type_invalid' }).optional(),
  subjectCategory: optionalText(200),
  genre: optionalText(200),
  keywords: z
    .array(z.string().trim().min(1).max(50))
    .max(50, { message: 'catalog.error.too_long' })
    .optional(),
  disclosureMethod: z.string().trim().min(1).max(50).optional(),
  disclosureScope: z.string().trim().min(1).max(50).optional(),
  source: optionalText(200),
  issuedOn: date,
  effectiveOn: date,
};

export const DEFAULT_DISCLOSURE_METHOD = '主动公开';
export const DEFAULT_DISCLOSURE_SCOPE = '面向全社会';
