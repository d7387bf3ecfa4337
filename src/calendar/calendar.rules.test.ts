import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkingCalendar, type CalendarOverride } from './calendar.rules.js';
import { chineseDaysYears } from './chinese-days.data.js';
import { addCalendarDays, dateInTimeZone, dayOfWeek, isIsoDate } from './dates.rules.js';

const calendar = buildWorkingCalendar({ years: chineseDaysYears() });
const withOverrides = (overrides: CalendarOverride[]) =>
  buildWorkingCalendar({ years: chineseDaysYears(), overrides });

describe('dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    for (const [value, ok] of [
      ['2025-02-28', true],
      ['2024-02-29', true],
      ['2025-02-29', false],
      ['2025-2-28', false],
      ['2025-13-01', false],
      ['2025-00-10', false],
      ['2025-04-31', false],
      ['2025-04-00', false],
      ['2000-02-29', true],
      ['2100-02-29', false],
      ['2025-12-31', true],
      ['2025-1a-01', false],
      ['2025/01/01', false],
      ['2025-01-011', false],
      ['0099-01-01', false],
      ['', false],
      [20250228, false],
    ] as const) {
      assert.equal(isIsoDate(value), ok, String(value));
    }
  });

  it('does calendar arithmetic on UTC days, across month, year and leap days', () => {
    assert.equal(addCalendarDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addCalendarDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addCalendarDays('2026-03-01', -1), '2026-02-28');
    assert.equal(dayOfWeek('2026-10-10'), 6);
  });

  it('gives the same next day every time it is asked (kept answers), and refuses an invalid date every time', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (let ms = Date.UTC(1999, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 86_400_000) {
        const day = new Date(ms).toISOString().slice(0, 10);
        assert.equal(addCalendarDays(day, 1), new Date(ms + 86_400_000).toISOString().slice(0, 10));
      }
      assert.throws(() => addCalendarDays('2025-02-29', 1), RangeError);
      assert.throws(() => addCalendarDays('2025-13-01', 1), RangeError);
    }
  });

  it('turns an instant into the office-time-zone date', () => {
    assert.equal(dateInTimeZone('2025-03-01T17:30:00Z', 'Asia/Shanghai'), '2025-03-02');
    assert.equal(dateInTimeZone('2025-03-01T15:59:59Z', 'Asia/Shanghai'), '2025-03-01');
    assert.equal(dateInTimeZone('2025-03-01T10:12:00+08:00', 'Asia/Shanghai'), '2025-03-01');
    assert.equal(dateInTimeZone(new Date('2025-03-01T16:00:00Z'), 'Asia/Shanghai'), '2025-03-02');
    // Asked again and again around midnight, alternating zones: each answer is the instant's own.
    for (let i = 0; i < 3; i++) {
      assert.equal(dateInTimeZone('2025-03-01T15:59:59.000Z', 'Asia/Shanghai'), '2025-03-01');
      assert.equal(dateInTimeZone('2025-03-01T15:59:59.999Z', 'Asia/Shanghai'), '2025-03-01');
      assert.equal(dateInTimeZone('2025-03-01T15:59:59.999Z', 'UTC'), '2025-03-01');
      assert.equal(dateInTimeZone('2025-03-01T16:00:00.000Z', 'Asia/Shanghai'), '2025-03-02');
      assert.equal(dateInTimeZone('2025-03-01T16:00:00.000Z', 'America/New_York'), '2025-03-01');
      assert.equal(dateInTimeZone('1969-12-31T23:59:59.500Z', 'UTC'), '1969-12-31');
      assert.equal(dateInTimeZone('1970-01-01T00:00:00.000Z', 'UTC'), '1970-01-01');
    }
  });
});

describe('working days from the State Council arrangement (chinese-days)', () => {
  // 2025: 国办发明电〔2024〕12号 as packaged; 2026: stack-probe §7 (09-20 and 10-10 调休).
  const days: [string, boolean, string][] = [
    ['2025-01-01', false, 'holiday'],
    ['2025-01-26', true, 'adjusted_workday'], // Sunday, 春节调休
    ['2025-01-28', false, 'holiday'],
    ['2025-02-04', false, 'holiday'],
    ['2025-02-08', true, 'adjusted_workday'], // Saturday, 春节调休
    ['2025-04-27', true, 'adjusted_workday'], // Sunday, 劳动节调休
    ['2025-09-28', true, 'adjusted_workday'], // Sunday, 国庆调休
    ['2025-10-08', false, 'holiday'],
    ['2025-10-11', true, 'adjusted_workday'], // Saturday, 国庆调休
    ['2025-10-12', false, 'weekend'],
    ['2026-01-04', true, 'adjusted_workday'],
    ['2026-02-14', true, 'adjusted_workday'],
    ['2026-02-23', false, 'holiday'], // Monday, last day of the nine
    ['2026-02-28', true, 'adjusted_workday'],
    ['2026-09-20', true, 'adjusted_workday'],
    ['2026-09-25', false, 'holiday'], // 中秋, Friday
    ['2026-10-01', false, 'holiday'],
    ['2026-10-07', false, 'holiday'],
    ['2026-10-08', true, 'weekday'],
    ['2026-10-10', true, 'adjusted_workday'],
    ['2026-10-11', false, 'weekend'],
    ['2026-10-12', true, 'weekday'],
  ];
  for (const [date, working, reason] of days) {
    it(`${date} is ${working ? 'a working day' : 'a rest day'} (${reason})`, () => {
      const info = calendar.describeDay(date);
      assert.equal(info.isWorkingDay, working);
      assert.equal(info.reason, reason);
      assert.equal(calendar.isWorkingDay(date), working);
      assert.equal(info.isProvisional, false);
    });
  }

  it('names the holiday and the 调休', () => {
    assert.equal(calendar.describeDay('2026-10-01').name, '国庆节');
    assert.equal(calendar.describeDay('2026-02-14').name, '春节');
  });
});

describe('addWorkingDays: the n-th working day strictly after a date', () => {
  // Each expected date counted by hand against the package data (see comments).
  const cases: [string, number, string, string][] = [
    ['an ordinary week', 5, '2026-03-09', '2026-03-16'],
    ['the date itself never counts, even a working day', 1, '2026-03-09', '2026-03-10'],
    ['n = 0 is the date itself', 0, '2026-03-09', '2026-03-09'],
    ['from a Friday, over a weekend', 1, '2026-03-13', '2026-03-16'],
    // 09-26 Sat, 09-27 Sun, 09-28(1) Mon … 10-01..10-07 国庆, 10-08(4), 10-09(5), 10-10 Sat 调休(6), 10-12(7)…10-29(20)
    ['2026 中秋+国庆 with the 10-10 调休 Saturday', 20, '2026-09-25', '2026-10-29'],
    // 09-28 Sun 调休(1), 09-29(2), 09-30(3), 10-01..10-08, 10-09(4), 10-10(5), 10-11 Sat 调休(6), 10-13(7)…10-30(20)
    ['2025 国庆 with both 调休 days', 20, '2025-09-26', '2025-10-30'],
    // 01-26 Sun 调休(1), 01-27(2), 01-28..02-04, 02-05(3)…02-07(5), 02-08 Sat 调休(6), 02-10..14(7–11), 02-17..21(12–16), 02-24..27(17–20)
    ['2025 春节 with the 01-26 Sunday and 02-08 Saturday', 20, '2025-01-24', '2025-02-27'],
    // 02-14 Sat 调休(1), 02-15..23 春节, 02-24..27(2–5), 02-28 Sat 调休(6), 03-02..06(7–11), 03-09..13(12–16), 03-16..19(17–20)
    ['2026 春节 with the 02-14 and 02-28 Saturdays', 20, '2026-02-13', '2026-03-19'],
    // 12-31 Wed, 2026-01-01..03 元旦, 01-04 Sun 调休(1), 01-05..09(2–6), 01-12..16(7–11), 01-19..23(12–16), 01-26..29(17–20)
    ['across the 2025/2026 year end with the 01-04 Sunday', 20, '2025-12-31', '2026-01-29'],
  ];
  for (const [name, n, from, expected] of cases) {
    it(`${name}: ${n} after ${from} is ${expected}`, () => {
      assert.equal(calendar.addWorkingDays(from, n), expected);
      assert.equal(calendar.countWorkingDaysBetween(from, expected), n);
      assert.equal(calendar.isSpanProvisional(from, expected), false);
    });
  }

  it('explains the skipped holidays and the worked weekend days', () => {
    const span = calendar.explainAddWorkingDays('2026-09-30', 3);
    assert.equal(span.to, '2026-10-10');
    assert.deepEqual(
      span.skipped.map((s) => [s.date, s.reason]),
      [
        ['2026-10-01', 'holiday'],
        ['2026-10-02', 'holiday'],
        ['2026-10-03', 'holiday'],
        ['2026-10-04', 'holiday'],
        ['2026-10-05', 'holiday'],
        ['2026-10-06', 'holiday'],
        ['2026-10-07', 'holiday'],
      ],
    );
    assert.deepEqual(span.workedWeekends, [
      { date: '2026-10-10', reason: 'adjusted_workday', name: '国庆节' },
    ]);
  });

  it('refuses negative or fractional counts', () => {
    assert.throws(() => calendar.addWorkingDays('2026-03-09', -1), RangeError);
    assert.throws(() => calendar.addWorkingDays('2026-03-09', 1.5), RangeError);
    assert.throws(() => calendar.addWorkingDays('2026-02-30', 1), RangeError);
  });
});

describe('countWorkingDaysBetween (a < d ≤ b)', () => {
  const cases: [string, string, number][] = [
    ['2026-09-30', '2026-10-08', 1],
    ['2026-10-08', '2026-09-30', -1],
    ['2026-10-08', '2026-10-08', 0],
    ['2026-09-25', '2026-10-29', 20],
    ['2026-10-09', '2026-10-11', 1], // Saturday 10-10 is a 调休 working day
  ];
  for (const [a, b, n] of cases) {
    it(`${a} → ${b} is ${n}`, () => assert.equal(calendar.countWorkingDaysBetween(a, b), n));
  }
});

describe('coverage: years without a published calendar are provisional', () => {
  it('knows the package years and no others', () => {
    assert.equal(calendar.isYearPublished(2004), true);
    assert.equal(calendar.isYearPublished(2026), true);
    assert.equal(calendar.isYearPublished(2027), false);
    assert.equal(calendar.isYearPublished(2003), false);
    assert.match(calendar.sourceOf(2026) ?? '', /2026年部分节假日安排.*chinese-days/);
  });

  it('counts 2027 on weekends alone, marked provisional (2027-01-01 counts as a working day)', () => {
    // 12-16..18(1–3), 12-21..25(4–8), 12-28..31(9–12), 2027-01-01 Fri(13), 01-04..08(14–18), 01-11(19), 01-12(20)
    const span = calendar.explainAddWorkingDays('2026-12-15', 20);
    assert.equal(span.to, '2027-01-12');
    assert.equal(span.isProvisional, true);
    assert.deepEqual(span.provisionalYears, [2027]);
    assert.equal(calendar.describeDay('2027-01-01').reason, 'weekday');
    assert.equal(calendar.describeDay('2027-10-01').isProvisional, true);
    assert.equal(calendar.describeDay('2003-10-01').isProvisional, true);
  });

  it('treats late December as provisional until next year is published, and not earlier days', () => {
    assert.equal(calendar.isSpanProvisional('2026-12-01', '2026-12-21'), false);
    assert.equal(calendar.isSpanProvisional('2026-12-01', '2026-12-22'), true);
    assert.equal(calendar.isSpanProvisional('2025-12-01', '2025-12-31'), false); // 2026 is published
  });

  it('a year an office marks published is no longer provisional', () => {
    const cal = buildWorkingCalendar({
      years: [...chineseDaysYears(), { year: 2027, source: 'office entry', holidays: {}, workdays: {} }],
    });
    assert.equal(cal.isSpanProvisional('2026-12-15', '2027-01-12'), false);
  });
});

describe('office overrides', () => {
  it('an office rest day is skipped with its note', () => {
    const cal = withOverrides([{ date: '2026-03-10', kind: 'rest', note: '三月三 (local holiday)' }]);
    assert.equal(cal.addWorkingDays('2026-03-09', 1), '2026-03-11');
    const span = cal.explainSpan('2026-03-09', '2026-03-11');
    assert.deepEqual(span.skipped, [
      { date: '2026-03-10', reason: 'office_rest', name: '三月三 (local holiday)' },
    ]);
  });

  it('an office working Saturday counts and shows as a worked weekend day', () => {
    const cal = withOverrides([{ date: '2026-03-14', kind: 'working', note: null }]);
    assert.equal(cal.addWorkingDays('2026-03-13', 1), '2026-03-14');
    assert.deepEqual(cal.explainSpan('2026-03-13', '2026-03-14').workedWeekends, [
      { date: '2026-03-14', reason: 'office_working', name: null },
    ]);
  });

  it('an override beats the State Council data, and the later override of a date wins', () => {
    const cal = withOverrides([
      { date: '2026-10-10', kind: 'working', note: 'city-wide' },
      { date: '2026-10-10', kind: 'rest', note: 'department' },
    ]);
    assert.equal(cal.describeDay('2026-10-10').reason, 'office_rest');
  });

  it('does not run forever on a calendar with no working days', () => {
    const overrides: CalendarOverride[] = [];
    for (let d = '2030-01-01'; d < '2041-01-01'; d = addCalendarDays(d, 1)) {
      overrides.push({ date: d, kind: 'rest', note: null });
    }
    assert.throws(() => withOverrides(overrides).addWorkingDays('2029-12-31', 1), RangeError);
  });
});
