import { z } from 'zod';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { inTransaction } from '../platform/db/transaction.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { OVERRIDE_KINDS } from './calendar.rules.js';
import { calendarDate, calendarText, parseCalendarInput, resolveCalendarOrg } from './calendar-input.js';
import { deleteOverride, findOverride, insertOverride } from './calendar.repository.js';

export const setCalendarOverrideInput = z.object({
  /** The organisation whose calendar changes; absent or null = city-wide. */
  orgCode: z.string().trim().min(1).nullable().optional(),
  date: calendarDate,
  kind: z.enum(OVERRIDE_KINDS, { message: 'calendar.error.kind_invalid' }),
  note: calendarText.nullable().optional(),
  source: calendarText.nullable().optional(),
});
export type SetCalendarOverrideInput = z.input<typeof setCalendarOverrideInput>;

export interface CalendarOverrideView {
  id: number;
  orgId: number | null;
  date: string;
  kind: 'working' | 'rest';
  note: string | null;
  source: string | null;
}

/**
 * Makes `date` a working or rest day for an organisation (and everything below it) or the whole city,
 * replacing that organisation's earlier setting for the date. Every open deadline computed afterwards
 * uses it. Audited with the setting before and after.
 */
export async function setCalendarOverride(
  ctx: UseCaseContext,
  input: SetCalendarOverrideInput,
): Promise<CalendarOverrideView> {
  const parsed = parseCalendarInput(setCalendarOverrideInput, input, {
    orgCode: 'calendar.error.org_unknown',
  });
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await resolveCalendarOrg(trx, parsed.orgCode);
    assertCan(ctx.principal, 'calendar.manage', { orgPath: org.path });
    const existing = await findOverride(trx, org.id, parsed.date);
    if (existing) await deleteOverride(trx, existing.id);
    const row = {
      org_id: org.id,
      date: parsed.date,
      kind: parsed.kind,
      note: parsed.note || null,
      source: parsed.source || null,
      created_by: ctx.principal.userId,
      created_at: ctx.now.toISOString(),
    };
    const id = await insertOverride(trx, row);
    const view: CalendarOverrideView = {
      id,
      orgId: row.org_id,
      date: row.date,
      kind: row.kind,
      note: row.note,
      source: row.source,
    };
    await audit(ctx, trx, {
      action: 'calendar.override_set',
      entityType: 'calendar_override',
      entityId: id,
      orgId: org.id,
      before: existing
        ? { date: existing.date, kind: existing.kind, note: existing.note, source: existing.source }
        : null,
      after: { date: view.date, kind: view.kind, note: view.note, source: view.source },
    });
    return view;
  });
}
