import { createRequire } from 'node:module';
import type { PublishedYear } from './calendar.rules.js';

/**
 * The State Council's yearly holiday arrangements as packaged by `chinese-days` (stack-probe §7).
 * The package answers silently with plain weekday rules outside its years, so this reads its raw data
 * and reports only the years it actually holds; other years are provisional in the calendar.
 */
const require = createRequire(import.meta.url);

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const { version } = require('chinese-days/package.json') as { version: string };

export const CHINESE_DAYS_VERSION = version;

/** Entries look like "National Day,国庆节,3": keep the Chinese name. */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

let cached: PublishedYear[] | undefined;

/** Every year the installed chinese-days holds, with its holidays and 调休 working days. */
export function chineseDaysYears(): PublishedYear[] {
  if (cached) return cached;
  const byYear = new Map<number, PublishedYear>();
  const yearFor = (date: string): PublishedYear => {
    const year = Number(date.slice(0, 4));
    let y = byYear.get(year);
    if (!y) {
      y = {
        year,
        source: `国务院办公厅关于${year}年部分节假日安排的通知 via chinese-days ${version}`,
        holidays: {},
        workdays: {},
      };
      byYear.set(year, y);
    }
    return y;
  };
  for (const [date, entry] of Object.entries(data.holidays)) {
    (yearFor(date).holidays as Record<string, string>)[date] = chineseName(entry);
  }
  for (const [date, entry] of Object.entries(data.workdays)) {
    (yearFor(date).workdays as Record<string, string>)[date] = chineseName(entry);
  }
  cached = [...byYear.values()].sort((a, b) => a.year - b.year);
  return cached;
}
