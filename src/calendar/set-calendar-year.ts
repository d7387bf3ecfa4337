import { z } from 'zod';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { inTransaction } from '../platform/db/transaction.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { calendarText, parseCalendarInput, resolveCalendarOrg } from './calendar-input.js';
import { findCalendarYear, saveCalendarYear } from './calendar.repository.js';

export const setCalendarYearInput = z.object({
  year: z.number().int().min(2000, 'calendar.error.year_invalid').max(2100, 'calendar.error.year_invalid'),
  published: z.boolean(),
  /** e.g. "国办发明电〔2026〕x号 entered by the city office". */
  source: calendarText.min(1, 'calendar.error.source_required'),
});
export type SetCalendarYearInput = z.input<typeof setCalendarYearInput>;

/**
 * Records the city's word on one year: published (deadlines reaching it are no longer provisional;
 * for a year the installed chinese-days lacks, enter its holidays and 调休 days as city-wide overrides
 * first) or not published (deadlines reaching it are provisional again). City-wide; audited.
 */
export async function setCalendarYear(ctx: UseCaseContext, input: SetCalendarYearInput): Promise<void> {
  const parsed = parseCalendarInput(setCalendarYearInput, input, {
    year: 'calendar.error.year_invalid',
    published: 'calendar.error.year_invalid',
  });
  await inTransaction(ctx.database.db, async (trx) => {
    const city = await resolveCalendarOrg(trx, null);
    assertCan(ctx.principal, 'calendar.manage', { orgPath: city.path });
    const before = await findCalendarYear(trx, parsed.year);
    const row = {
      year: parsed.year,
      source: parsed.source,
      is_published: parsed.published ? 1 : 0,
      updated_by: ctx.principal.userId,
      updated_at: ctx.now.toISOString(),
    };
    await saveCalendarYear(trx, row);
    await audit(ctx, trx, {
      action: 'calendar.year_set',
      entityType: 'calendar_year',
      entityId: parsed.year,
      orgId: null,
      before: before ? { source: before.source, published: before.is_published === 1 } : null,
      after: { source: row.source, published: parsed.published },
    });
  });
}
