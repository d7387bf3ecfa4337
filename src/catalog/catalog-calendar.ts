import chineseDays from 'chinese-days';
import type { Queryable } from '../platform/db/transaction.js';
import type { WorkingDayCounter } from './lateness.rules.js';

/**
 * Where the catalog gets working days for 条例第二十六条. The office calendar (src/calendar, with its
 * office overrides) was being built alongside the catalog; until publish-item is switched to its
 * `loadWorkingCalendar(db, { orgPath })`, this counts with chinese-days' national arrangement directly.
 * NOTE: switch `defaultCalendarLoader` to src/calendar once it is committed.
 */
export type CalendarLoader = (db: Queryable, orgPath: string) => Promise<WorkingDayCounter>;

const DAY_MS = 86_400_000;
const MAX_SPAN_DAYS = 3_700;

export const chineseDaysCalendar: WorkingDayCounter = {
  countWorkingDaysBetween(a, b) {
    if (b < a) return -this.countWorkingDaysBetween(b, a);
    let n = 0;
    let t = Date.parse(`${a}T00:00:00Z`);
    for (let i = 0; i < MAX_SPAN_DAYS; i++) {
      t += DAY_MS;
      const iso = new Date(t).toISOString().slice(0, 10);
      if (iso > b) break;
      if (chineseDays.isWorkday(iso)) n += 1;
    }
    return n;
  },
};

export const defaultCalendarLoader: CalendarLoader = () => Promise.resolve(chineseDaysCalendar);
