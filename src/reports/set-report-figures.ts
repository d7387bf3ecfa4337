import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { registerMessages } from '../platform/i18n/i18n.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Queryable } from '../platform/db/transaction.js';
import { findOrgByCode } from '../orgs/orgs.repository.js';
import { assertReportYear, fenToWanYuan } from './derive-annual-report.js';

registerMessages({
  'zh-CN': {
    'reports.error.figure_invalid': '请填写不小于0的整数',
    'reports.error.fee_invalid': '请填写不小于0的金额（万元，最多四位小数）',
    'reports.error.source_too_long': '来源说明不能超过500字',
  },
  en: {
    'reports.error.figure_invalid': 'Enter a whole number, 0 or more',
    'reports.error.fee_invalid': 'Enter an amount of 0 or more (10,000 yuan, at most four decimals)',
    'reports.error.source_too_long': 'The source can be at most 500 characters',
  },
});

/**
 * Section 二 figures that come from other systems (行政许可, 行政处罚, 行政强制 decisions; 行政事业性收费
 * in 万元), entered per organisation per year, each with its source (the system or document they were
 * taken from). `report.edit` on the organisation; audited with the figures before and after.
 */

const count = z
  .number({ message: 'reports.error.figure_invalid' })
  .int('reports.error.figure_invalid')
  .min(0, 'reports.error.figure_invalid')
  .max(1e12, 'reports.error.figure_invalid');
const source = z.string().trim().max(500, 'reports.error.source_too_long').nullish();

export const setReportFiguresInput = z.object({
  orgCode: z.string().trim().min(1, 'reports.error.org_unknown'),
  year: z.number().int(),
  licensing: z.object({ decisions: count, source }),
  penalty: z.object({ decisions: count, source }),
  coercion: z.object({ decisions: count, source }),
  fees: z.object({
    amountWanYuan: z
      .number({ message: 'reports.error.fee_invalid' })
      .min(0, 'reports.error.fee_invalid')
      .max(1e8, 'reports.error.fee_invalid')
      .refine((n) => Math.abs(n * 10_000 - Math.round(n * 10_000)) < 1e-6, 'reports.error.fee_invalid'),
    source,
  }),
});
export type SetReportFiguresInput = z.input<typeof setReportFiguresInput>;

export interface ReportFigures {
  orgCode: string;
  year: number;
  licensing: { decisions: number; source: string | null };
  penalty: { decisions: number; source: string | null };
  coercion: { decisions: number; source: string | null };
  fees: { amountWanYuan: number; source: string | null };
  updatedAt: string | null;
}

/** The figures one organisation entered for a year (zeros and no source when none were). */
export async function findReportFigures(
  db: Queryable,
  orgId: number,
  orgCode: string,
  year: number,
): Promise<ReportFigures> {
  const row = await db
    .selectFrom('report_figures')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
  return {
    orgCode,
    year,
    licensing: { decisions: Number(row?.licensing_decisions ?? 0), source: row?.licensing_source ?? null },
    penalty: { decisions: Number(row?.penalty_decisions ?? 0), source: row?.penalty_source ?? null },
    coercion: { decisions: Number(row?.coercion_decisions ?? 0), source: row?.coercion_source ?? null },
    fees: { amountWanYuan: fenToWanYuan(Number(row?.fees_fen ?? 0)), source: row?.fees_source ?? null },
    updatedAt: row?.updated_at ?? null,
  };
}

function parseInput(input: SetReportFiguresInput) {
  const result = setReportFiguresInput.safeParse(input);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message.startsWith('reports.error.') ? issue.message : 'reports.error.figure_invalid',
    })),
  );
}

export async function setReportFigures(
  ctx: UseCaseContext,
  input: SetReportFiguresInput,
): Promise<ReportFigures> {
  const form = parseInput(input);
  assertReportYear(form.year, undefined, ctx.now);
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgByCode(trx, form.orgCode);
    if (!org)
      throw new AppError('NOT_FOUND', `No organisation with code ${form.orgCode}`, {
        fields: [{ field: 'orgCode', message: 'reports.error.org_unknown' }],
      });
    assertCan(ctx.principal, 'report.edit', { orgPath: org.path });
    const before = await findReportFigures(trx, org.id, org.code, form.year);
    const at = ctx.now.toISOString();
    const values = {
      licensing_decisions: form.licensing.decisions,
      licensing_source: form.licensing.source || null,
      penalty_decisions: form.penalty.decisions,
      penalty_source: form.penalty.source || null,
      coercion_decisions: form.coercion.decisions,
      coercion_source: form.coercion.source || null,
      fees_fen: Math.round(form.fees.amountWanYuan * 1_000_000),
      fees_source: form.fees.source || null,
      updated_by: ctx.principal.userId,
      updated_at: at,
    };
    await trx
      .insertInto('report_figures')
      .values({ org_id: org.id, year: form.year, ...values })
      .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet(values))
      .execute();
    const after = await findReportFigures(trx, org.id, org.code, form.year);
    const { updatedAt: _b, ...beforeFigures } = before;
    const { updatedAt: _a, ...afterFigures } = after;
    await audit(ctx, trx, {
      action: 'report.figures.set',
      entityType: 'report_figures',
      entityId: `${org.code}/${form.year}`,
      orgId: org.id,
      before: before.updatedAt ? beforeFigures : null,
      after: afterFigures,
    });
    return after;
  });
}
