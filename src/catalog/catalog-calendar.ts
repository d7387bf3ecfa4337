import type { Queryable } from '../platform/db/transaction.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import type { WorkingDayCounter } from './lateness.rules.js';

/**
 * Where the catalog gets working days for 条例第二十六条: the office's working calendar (State Council
 * holidays and 调休 from chinese-days, plus the city's and the office's own overrides).
 */
export type CalendarLoader = (db: Queryable, orgPath: string) => Promise<WorkingDayCounter>;

export const defaultCalendarLoader: CalendarLoader = (db, orgPath) => loadWorkingCalendar(db, { orgPath });
