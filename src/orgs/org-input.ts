import { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.js';
import type { OrgsTable } from './orgs.tables.js';
import { ORG_KINDS, type OrgFacts } from './org.rules.js';
import type { Org, OrgPatch } from './orgs.repository.js';

/** Input shapes shared by create-org, update-org and import-orgs, and their mapping to columns. */

const optionalText = z.string().nullable().optional();

export const orgFactsShape = {
  nameEn: optionalText,
  shortName: optionalText,
  officeName: optionalText,
  address: optionalText,
  postcode: optionalText,
  officeHours: optionalText,
  phone: optionalText,
  fax: optionalText,
  email: optionalText,
  website: optionalText,
  creditCode: optionalText,
  functions: optionalText,
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
};

export const orgKindSchema = z.enum(ORG_KINDS);

export type OrgFactsInput = OrgFacts & { sortOrder?: number };

/** Turns zod issues into field problems with i18n message keys. */
export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.map(String);
    const field = prefix + (path.length ? path.join('.') : 'input');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: prefix + [...path, key].join('.'),
        message: 'orgs.error.unknown_field',
      }));
    }
    let message = 'orgs.error.invalid_value';
    if (issue.code === 'invalid_type') {
      // zod does not echo the input; its message says what it received.
      message = / received undefined$/.test(issue.message)
        ? 'orgs.error.required'
        : 'orgs.error.invalid_type';
    } else if (path[path.length - 1] === 'kind') message = 'orgs.error.kind_unknown';
    return [{ field, message }];
  });
}

/** Parses `input` with `schema` or throws VALIDATION naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.validation(zodProblems(result.error));
  return result.data;
}

const COLUMN_OF = {
  name: 'name',
  nameEn: 'name_en',
  shortName: 'short_name',
  officeName: 'office_name',
  address: 'address',
  postcode: 'postcode',
  officeHours: 'office_hours',
  phone: 'phone',
  fax: 'fax',
  email: 'email',
  website: 'website',
  creditCode: 'credit_code',
  functions: 'functions',
  sortOrder: 'sort_order',
} as const satisfies Record<keyof OrgFactsInput, keyof OrgsTable>;

/** The columns for the facts that are given (undefined = leave as is). */
export function factsToColumns(facts: OrgFactsInput): OrgPatch {
  const patch: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMN_OF)) {
    const value = (facts as Record<string, unknown>)[field];
    if (value !== undefined) patch[column] = value;
  }
  return patch;
}

/** The public, camelCase view of an organisation, as audit records and APIs carry it. */
export interface OrgView {
  id: number;
  code: string;
  parentId: number | null;
  path: string;
  kind: Org['kind'];
  name: string;
  nameEn: string | null;
  shortName: string | null;
  sortOrder: number;
  officeName: string | null;
  address: string | null;
  postcode: string | null;
  officeHours: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  creditCode: string | null;
  functions: string | null;
  isActive: boolean;
}

export function presentOrg(org: Org): OrgView {
  return {
    id: org.id,
    code: org.code,
    parentId: org.parent_id,
    path: org.path,
    kind: org.kind,
    name: org.name,
    nameEn: org.name_en,
    shortName: org.short_name,
    sortOrder: org.sort_order,
    officeName: org.office_name,
    address: org.address,
    postcode: org.postcode,
    officeHours: org.office_hours,
    phone: org.phone,
    fax: org.fax,
    email: org.email,
    website: org.website,
    creditCode: org.credit_code,
    functions: org.functions,
    isActive: org.is_active === 1,
  };
}

/** Only the fields that differ, for an audit record's before/after. */
export function diffViews(
  before: OrgView,
  after: OrgView,
): { before: Partial<OrgView>; after: Partial<OrgView> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof OrgView)[]) {
    if (before[key] !== after[key]) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
