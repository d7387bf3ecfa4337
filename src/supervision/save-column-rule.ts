import { z } from 'zod';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { assertCityWide } from './supervision-support.js';
import { saveColumnRule as saveRow } from './supervision.repository.js';
import { COLUMN_CATEGORIES } from './website-check.rules.js';

const input = z.object({
  columnId: z.coerce.number().int().positive(),
  category: z.enum(COLUMN_CATEGORIES, { error: 'supervision.error.category_invalid' }),
  maxAgeDays: z
    .union([
      z.literal('').transform(() => null),
      z.coerce.number({ error: 'supervision.error.max_age_invalid' }),
    ])
    .pipe(
      z
        .number({ error: 'supervision.error.max_age_invalid' })
        .int({ error: 'supervision.error.max_age_invalid' })
        .min(1, { error: 'supervision.error.max_age_invalid' })
        .max(731, { error: 'supervision.error.max_age_invalid' })
        .nullable(),
    ),
  isRequired: z.boolean(),
});

/** Sets one column's website-check rule: its kind, its freshness limit in days (blank: never stale), required. */
export async function saveColumnRule(
  ctx: UseCaseContext,
  raw: { columnId: unknown; category: unknown; maxAgeDays: unknown; isRequired: boolean },
): Promise<void> {
  const root = await assertCityWide(ctx, 'supervision.manage');
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    throw AppError.validation(
      parsed.error.issues.map((i) => ({
        field: String(i.path[0] ?? 'input'),
        message: i.message.startsWith('supervision.') ? i.message : 'supervision.error.max_age_invalid',
      })),
    );
  }
  const rule = parsed.data;
  await inTransaction(ctx.database.db, async (trx) => {
    const column = await trx
      .selectFrom('catalog_columns')
      .select(['id', 'code'])
      .where('id', '=', rule.columnId)
      .executeTakeFirst();
    if (!column) throw new AppError('NOT_FOUND', 'supervision.error.column_not_found');
    await saveRow(trx, { ...rule, by: ctx.principal.userId, at: ctx.now.toISOString() });
    await audit(ctx, trx, {
      action: 'supervision.column_rule.update',
      entityType: 'catalog_column',
      entityId: column.id,
      orgId: root.id,
      after: { code: column.code, ...rule },
    });
  });
}
