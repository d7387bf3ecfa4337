import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { registerMessages } from '../platform/i18n/i18n.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { findOrgByCode } from '../orgs/orgs.repository.js';
import { assertReportYear, findReportNarrative } from './derive-annual-report.js';

registerMessages({
  'zh-CN': { 'reports.error.narrative_too_long': '每部分不能超过20000字' },
  en: { 'reports.error.narrative_too_long': 'Each part can be at most 20,000 characters' },
});

/**
 * Sections 一 (总体情况), 五 (存在的主要问题及改进情况) and 六 (其他需要报告的事项) of one organisation's
 * report for a year and scope, as the unit writes them (starting from `draftNarrative`).
 * `report.edit` on the organisation; audited with the texts before and after.
 */

const part = z.string().max(20_000, 'reports.error.narrative_too_long');
export const saveReportNarrativeInput = z.object({
  orgCode: z.string().trim().min(1),
  year: z.number().int(),
  scope: z.enum(['self', 'aggregate']).default('self'),
  overview: part,
  problems: part,
  other: part,
});
export type SaveReportNarrativeInput = z.input<typeof saveReportNarrativeInput>;

/** Line endings to \n and trailing spaces off each paragraph; the text is otherwise kept as written. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

export async function saveReportNarrative(
  ctx: UseCaseContext,
  input: SaveReportNarrativeInput,
): Promise<{ overview: string; problems: string; other: string; updatedAt: string }> {
  const result = saveReportNarrativeInput.safeParse(input);
  if (!result.success)
    throw AppError.validation(
      result.error.issues.map((issue) => ({
        field: issue.path.join('.'),
        message: issue.message.startsWith('reports.error.')
          ? issue.message
          : 'reports.error.narrative_too_long',
      })),
    );
  const form = result.data;
  assertReportYear(form.year, undefined, ctx.now);
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgByCode(trx, form.orgCode);
    if (!org)
      throw new AppError('NOT_FOUND', `No organisation with code ${form.orgCode}`, {
        fields: [{ field: 'orgCode', message: 'reports.error.org_unknown' }],
      });
    assertCan(ctx.principal, 'report.edit', { orgPath: org.path });
    const before = await findReportNarrative(trx, org.id, form.year, form.scope);
    const texts = { overview: tidy(form.overview), problems: tidy(form.problems), other: tidy(form.other) };
    const at = ctx.now.toISOString();
    const values = { ...texts, updated_by: ctx.principal.userId, updated_at: at };
    await trx
      .insertInto('report_narratives')
      .values({ org_id: org.id, year: form.year, scope: form.scope, ...values })
      .onConflict((oc) => oc.columns(['org_id', 'year', 'scope']).doUpdateSet(values))
      .execute();
    await audit(ctx, trx, {
      action: 'report.narrative.save',
      entityType: 'report_narrative',
      entityId: `${org.code}/${form.year}/${form.scope}`,
      orgId: org.id,
      before: before.updatedAt
        ? { overview: before.overview, problems: before.problems, other: before.other }
        : null,
      after: texts,
    });
    return { ...texts, updatedAt: at };
  });
}
