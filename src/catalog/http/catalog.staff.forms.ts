import { z } from 'zod';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import type { FormValues } from '../../staff/http/forms.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { isCalendarDate, startOfDayUtc } from '../../staff/http/format.js';

/**
 * Form reading and parsing for the catalog back office. Like the staff helpers, but the messages of
 * route schemas may be `catalog.` keys, repeated fields (column checkboxes) are kept as lists, and an
 * uploaded file is handed on as a File (multipart forms).
 */

export interface CatalogForm {
  /** Each field's last value as text (what a re-rendered form shows). */
  values: FormValues;
  /** Every value of each field, for checkbox groups. */
  lists: Record<string, string[]>;
  /** Uploaded files by field name; an empty file input is left out. */
  files: Record<string, File>;
}

export async function readCatalogForm(c: StaffContext): Promise<CatalogForm> {
  // parseBody caches the parsed form data (the CSRF check read it already), so `all` costs nothing.
  const body = await c.req.parseBody({ all: true });
  const out: CatalogForm = { values: {}, lists: {}, files: {} };
  for (const [key, raw] of Object.entries(body)) {
    if (key === CSRF_FIELD) continue;
    const entries = Array.isArray(raw) ? raw : [raw];
    for (const value of entries) {
      if (typeof value === 'string') {
        out.values[key] = value;
        (out.lists[key] ??= []).push(value);
      } else if (value instanceof File && (value.size > 0 || value.name !== '')) {
        out.files[key] = value;
      }
    }
  }
  return out;
}

/** Zod issues as field problems; schema messages are i18n keys of the catalog or the staff area. */
export function problemsOfZod(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message:
      issue.message.startsWith('catalog.') || issue.message.startsWith('staff.')
        ? issue.message
        : 'staff.form.invalid',
  }));
}

export function parseWith<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw AppError.validation(problemsOfZod(result.error));
  return result.data;
}

/** Blank is "not given". */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()));

/** A `YYYY-MM-DD` date or blank. */
export function optionalDate(message: string) {
  return optionalText.refine((v) => v === null || isCalendarDate(v), message);
}

/** The page number of a listing (`?page=`), 1 … 10 000. */
export function pageOf(value: string | undefined): number {
  return Math.max(1, Math.min(10_000, Number.parseInt(value ?? '1', 10) || 1));
}

/** A positive integer path parameter, or NOT_FOUND (a malformed id names no record). */
export function idParam(value: string | undefined): number {
  if (!value || !/^\d{1,12}$/.test(value)) throw new AppError('NOT_FOUND', 'No such record');
  return Number(value);
}

export const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The UTC instant of a wall-clock date and time (`HH:MM`) in the office time zone. */
export function officeInstant(date: string, time: string, timeZone: string): Date {
  const m = TIME_PATTERN.exec(time);
  const hours = Number(m?.[1] ?? 0);
  const minutes = Number(m?.[2] ?? 0);
  return new Date(startOfDayUtc(date, timeZone).getTime() + (hours * 60 + minutes) * 60_000);
}
