import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHECK_RULES, countsWithTotal, type AnnualReport } from './annual-report.js';
import { handWorkedReport, previousYearReport } from './fixtures/report-fixtures.js';
import { validateReport } from './report-validator.rules.js';

/** The checks that fail, by rule id, with their details. */
function failures(report: AnnualReport, previous?: AnnualReport): Record<string, string> {
  return Object.fromEntries(
    validateReport(report, previous ? { previous } : {})
      .filter((c) => !c.ok)
      .map((c) => [c.rule, c.detail]),
  );
}

describe('report validator: the hand-worked report', () => {
  it('passes every check, with carry-over against the previous year', () => {
    const checks = validateReport(handWorkedReport(), { previous: previousYearReport() });
    assert.deepEqual(
      checks.map((c) => c.rule),
      [...CHECK_RULES],
    );
    for (const c of checks) assert.ok(c.ok, `${c.rule}: ${c.detail}`);
    assert.match(checks.find((c) => c.rule === 'column-balance')!.detail, /13 \+ 3 = 14 \+ 2/);
    assert.match(checks.find((c) => c.rule === 'narrative-consistency')!.detail, /1[0-9] figure/);
  });

  it('leaves carry-over out without a previous report', () => {
    assert.ok(!validateReport(handWorkedReport()).some((c) => c.rule === 'carry-over'));
  });
});

type Case = [name: string, mutate: (r: AnnualReport) => void, failing: Record<string, RegExp>];

const cases: Case[] = [
  [
    'a column that balances only in 总计 (one answer moved from 自然人 to 商业企业)',
    (r) => {
      r.applications.rows.granted = countsWithTotal([4, 2, 0, 0, 0, 0]);
      r.applications.rows.total = countsWithTotal([10, 3, 0, 0, 1, 0]);
    },
    {
      'column-balance':
        /natural_person: received 10 \+ carried in 2 = 12, but total 10 \+ carried out 1 = 11; commercial_enterprise: received 2 \+ carried in 1 = 3, but total 3 \+ carried out 1 = 4$/,
    },
  ],
  [
    'a row whose 总计 is not the sum of its six columns',
    (r) => (r.applications.rows['declined.duplicate'][6] = 2),
    {
      'row-sum': /declined\.duplicate: 1 \+ 0 \+ 0 \+ 0 \+ 0 \+ 0 = 1, but total is 2/,
      'total-sum': /total: outcomes sum to 15, but （七）总计 is 14/,
    },
  ],
  [
    '（七）总计 that is not the sum of the outcomes, though every row adds up and columns balance',
    (r) => {
      r.applications.rows.granted = countsWithTotal([6, 1, 0, 0, 0, 0]);
      r.applications.rows.carried_out = countsWithTotal([0, 1, 0, 0, 0, 0]);
      r.narrative.overview = '';
    },
    {
      'total-sum': /natural_person: outcomes sum to 12, but （七）总计 is 11; total: outcomes sum to 15/,
      'column-balance': /natural_person/,
    },
  ],
  [
    'a negative figure',
    (r) => {
      r.applications.rows['other.other'] = [-1, 0, 0, 0, 0, 0, -1];
      r.applications.rows['other.no_correction'] = [2, 0, 0, 0, 0, 0, 2];
    },
    { 'non-negative': /other\.other\[natural_person\] = -1; other\.other\[total\] = -1/ },
  ],
  [
    'a fraction read from a spreadsheet',
    (r) => (r.appeals.litigationDirect = { upheld: 0.5, corrected: 0, other: 0, pending: 0.5, total: 1 }),
    { 'non-negative': /appeals\.litigationDirect\.upheld = 0\.5; appeals\.litigationDirect\.pending = 0\.5/ },
  ],
  [
    'an appeals total that is not the sum of its results',
    (r) => (r.appeals.reconsideration.total = 3),
    {
      'appeals-total': /reconsideration: 1 \+ 0 \+ 0 \+ 1 = 2, but total is 3/,
      'narrative-consistency': /行政复议2件.*”: 2件 \(reconsideration\) but the tables say 3/,
    },
  ],
  [
    'a negative count of documents in force and a negative fee',
    (r) => {
      r.proactive.regulations.valid = -2;
      r.proactive.fees.amountWanYuan = -0.5;
    },
    { 'proactive-counts': /proactive\.regulations\.valid = -2; proactive\.fees\.amountWanYuan = -0\.5/ },
  ],
  [
    'a narrative that quotes another number of applications',
    (r) => (r.narrative.overview = '2025年，本局共收到政府信息公开申请15件。'),
    {
      'narrative-consistency':
        /“2025年，本局共收到政府信息公开申请15件”: 15件 \(received\) but the tables say 13/,
    },
  ],
  [
    'a narrative in Chinese numerals that contradicts the tables',
    (r) => (r.narrative.overview = '全年共办结申请十五件，予以公开六件。'),
    { 'narrative-consistency': /十五件 \(closed\) but the tables say 14$/ },
  ],
  [
    'a narrative in traditional characters with a thousands comma',
    (r) => (r.narrative.problems = '全年共收到政府信息公開申請1,207宗，辦結率為100%。'),
    { 'narrative-consistency': /1,207宗 \(received\) but the tables say 13/ },
  ],
  [
    'a share that is not the count of any total quoted before it',
    (r) => (r.narrative.overview = '本年共收到申请13件，其中自然人申请10件，占90%。'),
    { 'narrative-consistency': /10 is not 90% of any total/ },
  ],
];

describe('report validator: table of broken reports', () => {
  for (const [name, mutate, failing] of cases) {
    it(`flags ${name}`, () => {
      const r = handWorkedReport();
      mutate(r);
      const failed = failures(r);
      assert.deepEqual(
        Object.keys(failed).sort(),
        Object.keys(failing).sort(),
        JSON.stringify(failed, null, 1),
      );
      for (const [rule, detail] of Object.entries(failing)) assert.match(failed[rule]!, detail);
    });
  }
});

describe('report validator: cross-year carry-over', () => {
  it('names each column whose carried-in differs from last year’s carried-out', () => {
    const previous = previousYearReport();
    previous.applications.rows.carried_out = countsWithTotal([3, 0, 0, 0, 0, 0]);
    const failed = failures(handWorkedReport(), previous);
    assert.deepEqual(Object.keys(failed), ['carry-over']);
    assert.equal(
      failed['carry-over'],
      'natural_person: carried in 2, but last year carried out 3; commercial_enterprise: carried in 1, but last year carried out 0',
    );
  });

  it('refuses a previous report of another year', () => {
    const previous = previousYearReport();
    previous.year = 2022;
    assert.match(
      failures(handWorkedReport(), previous)['carry-over']!,
      /previous report is for 2022, not 2024/,
    );
  });
});
