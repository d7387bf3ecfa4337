import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validityOn, checkValidityDates, type ValidityFacts } from './validity.rules.js';
import { computeLateness, type WorkingDayCounter } from './lateness.rules.js';
import { buildWorkingCalendar } from '../calendar/calendar.rules.js';
import { chineseDaysYears } from '../calendar/chinese-days.data.js';

const base: ValidityFacts = {
  doc_type: 'normative',
  issued_on: '2025-03-01',
  effective_on: '2025-04-01',
  amended_on: null,
  abolished_on: null,
};

describe('validityOn', () => {
  const cases: [string, Partial<ValidityFacts>, string, string | null][] = [
    ['before the effective date', {}, '2025-03-15', 'not_yet_effective'],
    ['on the effective date', {}, '2025-04-01', 'valid'],
    ['without an effective date, from the issue date', { effective_on: null }, '2025-03-01', 'valid'],
    ['amended', { amended_on: '2025-06-01' }, '2025-06-01', 'amended'],
    ['before the amendment', { amended_on: '2025-06-01' }, '2025-05-31', 'valid'],
    ['abolished on the day', { abolished_on: '2026-01-01' }, '2026-01-01', 'abolished'],
    [
      'abolition wins over amendment',
      { amended_on: '2025-06-01', abolished_on: '2025-07-01' },
      '2025-08-01',
      'abolished',
    ],
    [
      'an other item without dates has none',
      { doc_type: 'other', issued_on: null, effective_on: null },
      '2025-08-01',
      null,
    ],
    [
      'a regulation without any date is valid',
      { doc_type: 'regulation', issued_on: null, effective_on: null },
      '2025-01-01',
      'valid',
    ],
  ];
  for (const [name, patch, date, expected] of cases) {
    it(`${name}: ${String(expected)}`, () => assert.equal(validityOn({ ...base, ...patch }, date), expected));
  }

  it('names dates out of order', () => {
    assert.deepEqual(
      checkValidityDates({
        issuedOn: '2025-03-01',
        effectiveOn: '2025-02-01',
        amendedOn: null,
        abolishedOn: '2025-01-01',
      }).map((p) => p.field),
      ['effectiveOn', 'abolishedOn'],
    );
  });
});

describe('条例第二十六条 lateness', () => {
  const weekdays: WorkingDayCounter = {
    countWorkingDaysBetween(a, b) {
      let n = 0;
      for (let d = new Date(`${a}T00:00:00Z`); ;) {
        d = new Date(d.getTime() + 86_400_000);
        const iso = d.toISOString().slice(0, 10);
        if (iso > b) return n;
        if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n += 1;
      }
    },
  };
  const cases: [string, string | null, string, { workingDays: number; isLate: boolean } | null][] = [
    ['the same day', '2026-03-02', '2026-03-02', { workingDays: 0, isLate: false }],
    ['exactly 20 working days', '2026-03-02', '2026-03-30', { workingDays: 20, isLate: false }],
    ['21 working days', '2026-03-02', '2026-03-31', { workingDays: 21, isLate: true }],
    ['no formation date', null, '2026-03-31', null],
  ];
  for (const [name, formed, published, expected] of cases) {
    it(name, () => assert.deepEqual(computeLateness(formed, published, weekdays), expected));
  }

  it('skips 国庆 and counts the 调休 Saturday with the national calendar', () => {
    // 2025: 10-01…10-08 off, Saturday 10-11 worked. From 09-30 to 10-13: 10-09, 10-10, 10-11, 10-13.
    assert.equal(
      buildWorkingCalendar({ years: chineseDaysYears() }).countWorkingDaysBetween('2025-09-30', '2025-10-13'),
      4,
    );
  });
});
