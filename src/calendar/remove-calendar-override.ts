import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { inTransaction } from '../platform/db/transaction.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { calendarDate, parseCalendarInput, resolveCalendarOrg } from './calendar-input.js';
import { deleteOverride, findOverride } from './calendar.repository.js';

export const removeCalendarOverrideInput = z.object({
  orgCode: z.string().trim().min(1).nullable().optional(),
  date: calendarDate,
});
export type RemoveCalendarOverrideInput = z.input<typeof removeCalendarOverrideInput>;

/** Removes an organisation's (or the city's) setting for `date`, so the State Council data applies again. */
export async function removeCalendarOverride(
  ctx: UseCaseContext,
  input: RemoveCalendarOverrideInput,
): Promise<void> {
  const parsed = parseCalendarInput(removeCalendarOverrideInput, input, {
    orgCode: 'calendar.error.org_unknown',
  });
  await inTransaction(ctx.database.db, async (trx) => {
    const org = await resolveCalendarOrg(trx, parsed.orgCode);
    assertCan(ctx.principal, 'calendar.manage', { orgPath: org.path });
    const existing = await findOverride(trx, org.id, parsed.date);
    if (!existing) {
      throw new AppError('NOT_FOUND', `No calendar setting on ${parsed.date}`, {
        fields: [{ field: 'date', message: 'calendar.error.override_not_found' }],
      });
    }
    await deleteOverride(trx, existing.id);
    await audit(ctx, trx, {
      action: 'calendar.override_removed',
      entityType: 'calendar_override',
      entityId: existing.id,
      orgId: org.id,
      before: { date: existing.date, kind: existing.kind, note: existing.note, source: existing.source },
      after: null,
    });
  });
}
