import { z } from 'zod';
import { registerMessages } from '../platform/i18n/i18n.js';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import type { Principal } from '../platform/auth/principal.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Queryable } from '../platform/db/transaction.js';
import { findOrgByCode, findOrgById } from '../orgs/orgs.repository.js';
import { findColumnByCode, insertColumn, updateColumnRow, type CatalogColumn } from './catalog.repository.js';
import { COLUMN_KINDS } from './catalog.tables.js';

// The messages of this use case's own error keys (it may run from the CLI, without any page loaded).
registerMessages({
  'zh-CN': {
    'catalog.error.column_code_format': '代码只能包含小写字母、数字和连字符，以字母开头，最多 60 个字符',
    'catalog.error.column_code_taken': '代码“{code}”已被使用，请换一个',
    'catalog.error.column_name_required': '请填写栏目名称',
    'catalog.error.column_name_too_long': '栏目名称不能超过 {max} 个字',
    'catalog.error.column_kind_required': '请选择栏目类别',
    'catalog.error.column_sort_order': '排序须为整数',
    'catalog.error.column_not_found': '找不到这个栏目',
    'catalog.error.column_invalid': '请检查填写的内容并改正',
    'catalog.error.city_column_admin_only': '全市通用栏目只能由市级管理员修改',
  },
  en: {
    'catalog.error.column_code_format':
      'The code may hold lower-case letters, digits and hyphens, start with a letter, and be at most 60 characters',
    'catalog.error.column_code_taken': 'The code “{code}” is already used; choose another',
    'catalog.error.column_name_required': 'Enter the column’s name',
    'catalog.error.column_name_too_long': 'The column’s name must be at most {max} characters',
    'catalog.error.column_kind_required': 'Choose the column’s kind',
    'catalog.error.column_sort_order': 'The order must be a whole number',
    'catalog.error.column_not_found': 'There is no such column',
    'catalog.error.column_invalid': 'Check what you entered and correct it',
    'catalog.error.city_column_admin_only': 'Only city administrators may change city-wide columns',
  },
});

/**
 * The taxonomy each office can edit (issue 3, item 2): add a column, rename or reorder it, deactivate
 * or reactivate it. Columns are never deleted: items, feeds and public URLs keep referring to them.
 *
 * Who: the permission to shape an organisation (`org.manage`: city and organisation administrators)
 * is the one that decides its columns, so no new action is needed. City-wide columns (org_id null)
 * are the city's shared catalog structure; only a city administrator (a `city_admin` grant on a root
 * organisation) changes them.
 */

export const COLUMN_CODE_PATTERN = /^[a-z][a-z0-9-]{0,59}$/;
export const MAX_COLUMN_NAME = 100;

function isCityAdministrator(principal: Principal): boolean {
  if (principal.kind === 'system') return true;
  return principal.grants.some((g) => g.role === 'city_admin' && /^\/\d+\/$/.test(g.orgPath));
}

/** Refuses a change to `column` (or to a new column of `orgId`) that the principal may not make. */
async function assertMayManage(db: Queryable, principal: Principal, orgId: number | null): Promise<void> {
  if (orgId === null) {
    if (!isCityAdministrator(principal)) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'catalog.columns' } });
    }
    return;
  }
  const org = await findOrgById(db, orgId);
  if (!org) throw new AppError('NOT_FOUND', `No organisation ${orgId}`);
  assertCan(principal, 'org.manage', { orgPath: org.path });
}

const nameSchema = z
  .string()
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, 'catalog.error.column_name_required')
      .max(MAX_COLUMN_NAME, 'catalog.error.column_name_too_long'),
  );
const nameEnSchema = z
  .string()
  .optional()
  .nullable()
  .transform((v) => (v == null || v.trim() === '' ? null : v.trim()))
  .pipe(z.string().max(200, 'catalog.error.column_name_too_long').nullable());
const sortOrderSchema = z
  .number('catalog.error.column_sort_order')
  .int('catalog.error.column_sort_order')
  .min(-1_000_000, 'catalog.error.column_sort_order')
  .max(1_000_000, 'catalog.error.column_sort_order');

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldProblem[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message: issue.message.startsWith('catalog.') ? issue.message : 'catalog.error.column_invalid',
    ...(issue.message === 'catalog.error.column_name_too_long' ? { params: { max: MAX_COLUMN_NAME } } : {}),
  }));
  throw AppError.validation(fields);
}

export const createColumnInput = z.object({
  code: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().regex(COLUMN_CODE_PATTERN, 'catalog.error.column_code_format')),
  name: nameSchema,
  nameEn: nameEnSchema,
  kind: z.enum(COLUMN_KINDS, 'catalog.error.column_kind_required'),
  sortOrder: sortOrderSchema.optional(),
  /** The office the column belongs to; absent: a city-wide column. */
  orgCode: z.string().optional().nullable(),
});
export type CreateColumnInput = z.input<typeof createColumnInput>;

/** Adds a column (city-wide, or one office's own). Codes are unique across the city. */
export async function createColumn(ctx: UseCaseContext, input: CreateColumnInput): Promise<CatalogColumn> {
  const form = parse(createColumnInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    let orgId: number | null = null;
    if (form.orgCode) {
      const org = await findOrgByCode(trx, form.orgCode);
      if (!org) throw new AppError('NOT_FOUND', `No organisation ${form.orgCode}`);
      orgId = org.id;
    }
    await assertMayManage(trx, ctx.principal, orgId);
    if (await findColumnByCode(trx, form.code)) {
      throw new AppError('CONFLICT', `Column code ${form.code} is taken`, {
        fields: [{ field: 'code', message: 'catalog.error.column_code_taken', params: { code: form.code } }],
      });
    }
    const at = ctx.now.toISOString();
    const column = await insertColumn(trx, {
      code: form.code,
      name: form.name,
      name_en: form.nameEn,
      kind: form.kind,
      parent_id: null,
      sort_order: form.sortOrder ?? 0,
      org_id: orgId,
      is_active: 1,
      created_at: at,
      updated_at: at,
    });
    await audit(ctx, trx, {
      action: 'catalog.column.create',
      entityType: 'catalog_column',
      entityId: column.id,
      orgId,
      after: {
        code: column.code,
        name: column.name,
        nameEn: column.name_en,
        kind: column.kind,
        sortOrder: column.sort_order,
      },
    });
    return column;
  });
}

async function findColumnOr404(db: Queryable, code: string): Promise<CatalogColumn> {
  const column = await findColumnByCode(db, code);
  if (!column) {
    throw new AppError('NOT_FOUND', `No column ${code}`, {
      fields: [{ field: 'code', message: 'catalog.error.column_not_found' }],
    });
  }
  return column;
}

export const updateColumnInput = z.object({
  code: z.string(),
  name: nameSchema,
  nameEn: nameEnSchema,
  sortOrder: sortOrderSchema,
});
export type UpdateColumnInput = z.input<typeof updateColumnInput>;

/** Renames or reorders a column; its code (used in URLs and feeds) never changes. */
export async function updateColumn(ctx: UseCaseContext, input: UpdateColumnInput): Promise<CatalogColumn> {
  const form = parse(updateColumnInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const column = await findColumnOr404(trx, form.code);
    await assertMayManage(trx, ctx.principal, column.org_id);
    if (column.name === form.name && column.name_en === form.nameEn && column.sort_order === form.sortOrder) {
      return column;
    }
    const updated = await updateColumnRow(trx, column.id, {
      name: form.name,
      name_en: form.nameEn,
      sort_order: form.sortOrder,
      updated_at: ctx.now.toISOString(),
    });
    await audit(ctx, trx, {
      action: 'catalog.column.update',
      entityType: 'catalog_column',
      entityId: column.id,
      orgId: column.org_id,
      before: { name: column.name, nameEn: column.name_en, sortOrder: column.sort_order },
      after: { name: updated.name, nameEn: updated.name_en, sortOrder: updated.sort_order },
    });
    return updated;
  });
}

export const setColumnActiveInput = z.object({ code: z.string(), active: z.boolean() });
export type SetColumnActiveInput = z.input<typeof setColumnActiveInput>;

/**
 * Deactivates or reactivates a column. A deactivated column leaves the editing form; the items already
 * in it keep it. Doing what is already done writes nothing.
 */
export async function setColumnActive(
  ctx: UseCaseContext,
  input: SetColumnActiveInput,
): Promise<CatalogColumn> {
  const form = parse(setColumnActiveInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const column = await findColumnOr404(trx, form.code);
    await assertMayManage(trx, ctx.principal, column.org_id);
    if ((column.is_active === 1) === form.active) return column;
    const updated = await updateColumnRow(trx, column.id, {
      is_active: form.active ? 1 : 0,
      updated_at: ctx.now.toISOString(),
    });
    await audit(ctx, trx, {
      action: form.active ? 'catalog.column.reactivate' : 'catalog.column.deactivate',
      entityType: 'catalog_column',
      entityId: column.id,
      orgId: column.org_id,
      before: { isActive: !form.active },
      after: { isActive: form.active },
    });
    return updated;
  });
}

/** Whether the principal may manage the columns of `orgId` (null: the city-wide ones); for pages. */
export async function canManageColumns(
  db: Queryable,
  principal: Principal,
  orgId: number | null,
): Promise<boolean> {
  try {
    await assertMayManage(db, principal, orgId);
    return true;
  } catch {
    return false;
  }
}
