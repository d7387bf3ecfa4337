import type { Generated } from 'kysely';
import type { OverrideKind } from './calendar.rules.js';

/** A day an office adds (rest) or takes back (working); `org_id` null = city-wide. */
export interface CalendarOverridesTable {
  id: Generated<number>;
  org_id: number | null;
  date: string;
  kind: OverrideKind;
  note: string | null;
  /** Where the day comes from, e.g. the local notice's document number. */
  source: string | null;
  created_by: number | null;
  created_at: string;
}

/**
 * The office's word on one year's calendar: a year the installed chinese-days does not hold yet can be
 * marked published once its holidays are entered as overrides, and a packaged year can be withdrawn
 * (`is_published` 0) to make it provisional again.
 */
export interface CalendarYearsTable {
  year: number;
  source: string;
  is_published: number;
  updated_by: number | null;
  updated_at: string;
}

export interface CalendarTables {
  calendar_overrides: CalendarOverridesTable;
  calendar_years: CalendarYearsTable;
}
