// Malformed reports are built by mutating plain JSON freely.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPLICATION_ROWS,
  APPLICATION_ROWS_2019,
  OUTCOME_CODES,
  emptyReport,
  fromFormat2019,
  parseAnnualReport,
  toFormat2019,
} from './annual-report.js';
import { REPORT_MESSAGES } from './annual-report.messages.js';
import { handWorkedReport } from './fixtures/report-fixtures.js';
import { allChecksHold, validateReport, withChecks } from './report-validator.rules.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('annual report JSON (contracts §3)', () => {
  it('has 25 rows in contract order: received, carried_in, the 21 outcomes, total, carried_out', () => {
    assert.equal(OUTCOME_CODES.length, 21);
    assert.equal(APPLICATION_ROWS.length, 25);
    assert.deepEqual(APPLICATION_ROWS.slice(0, 3), ['received', 'carried_in', 'granted']);
    assert.deepEqual(APPLICATION_ROWS.slice(-3), ['other.other', 'total', 'carried_out']);
    assert.equal(APPLICATION_ROWS_2019.length, 23);
  });

  it('an empty report parses, passes every check and has zero everywhere', () => {
    const r = emptyReport({ code: 'x', name: 'X局' }, 2025, 'aggregate');
    const parsed = parseAnnualReport(JSON.parse(JSON.stringify(r)));
    assert.ok(parsed.ok);
    assert.equal(r.format, 'gov-info-annual-report/2021');
    assert.deepEqual(r.applications.rows['withheld.state_secret'], [0, 0, 0, 0, 0, 0, 0]);
    assert.ok(allChecksHold(validateReport(r)));
  });

  it('a report with its checks filled round-trips through the parser', () => {
    const r = withChecks(handWorkedReport());
    const parsed = parseAnnualReport(clone(r));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.report, r);
  });

  const refusals: [string, (r: Record<string, any>) => void, string, RegExp][] = [
    ['an unknown top-level key', (r) => (r.extra = 1), 'extra', /unknown key/],
    [
      'an unknown row',
      (r) => (r.applications.rows['withheld.secret'] = [0, 0, 0, 0, 0, 0, 0]),
      'applications.rows.withheld.secret',
      /unknown key/,
    ],
    [
      'a row of six numbers',
      (r) => (r.applications.rows.granted = [1, 0, 0, 0, 0, 1]),
      'applications.rows.granted',
      /.+/,
    ],
    ['a row of eight numbers', (r) => r.applications.rows.total.push(0), 'applications.rows.total', /.+/],
    ['a fraction', (r) => (r.applications.rows.partial[3] = 1.5), 'applications.rows.partial[3]', /int/i],
    [
      'a number as text',
      (r) => (r.appeals.reconsideration.total = '2'),
      'appeals.reconsideration.total',
      /.+/,
    ],
    ['a missing row', (r) => delete r.applications.rows.carried_out, 'applications.rows.carried_out', /.+/],
    ['columns in another order', (r) => r.applications.columns.reverse(), 'applications.columns[0]', /.+/],
    ['an unknown scope', (r) => (r.scope = 'city'), 'scope', /.+/],
    ['another format', (r) => (r.format = 'gov-info-annual-report/2019'), 'format', /.+/],
    [
      'an unknown check rule',
      (r) => (r.checks = [{ rule: 'vibes', ok: true, detail: '' }]),
      'checks[0].rule',
      /.+/,
    ],
  ];
  for (const [what, mutate, path, message] of refusals) {
    it(`refuses ${what} with the JSON path ${path}`, () => {
      const r = clone(handWorkedReport()) as unknown as Record<string, any>;
      mutate(r);
      const parsed = parseAnnualReport(r);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      const problem = parsed.problems.find((p) => p.path === path);
      assert.ok(problem, `no problem at ${path}: ${JSON.stringify(parsed.problems)}`);
      assert.match(problem.message, message);
    });
  }

  it('accepts a negative count so that the validator can name it', () => {
    const r = clone(handWorkedReport());
    r.applications.rows.granted[0] = -1;
    const parsed = parseAnnualReport(r);
    assert.ok(parsed.ok);
    assert.equal(validateReport(parsed.report).find((c) => c.rule === 'non-negative')?.ok, false);
  });
});

describe('the 2019 format', () => {
  it('prints one （六）其他处理 row, the sum of the three other.* rows', () => {
    const r = handWorkedReport();
    r.applications.rows['other.fee_unpaid'] = [0, 1, 0, 0, 0, 0, 1];
    r.applications.rows['other.other'] = [2, 0, 0, 0, 0, 0, 2];
    const f = toFormat2019(r);
    assert.deepEqual(f.applications.rows.other, [3, 1, 0, 0, 0, 0, 4]);
    assert.deepEqual(Object.keys(f.applications.rows), [...APPLICATION_ROWS_2019]);
    assert.deepEqual(f.applications.rows.granted, r.applications.rows.granted);
  });

  it('maps section 二 to the 2019 columns and leaves the ones without a source empty', () => {
    const f = toFormat2019(handWorkedReport(), { procurement: { projects: 4, amountWanYuan: 12.5 } });
    assert.deepEqual(f.proactive.regulations, { produced: 1, published: 1, totalPublic: 12 });
    assert.deepEqual(f.proactive.licensing, { previousProjects: null, change: null, decisions: 120 });
    assert.deepEqual(f.proactive.fees, { previousProjects: null, change: null });
    assert.deepEqual(f.proactive.procurement, { projects: 4, amountWanYuan: 12.5 });
  });

  it('comes back with the （六） row under other.other and names what was lost', () => {
    const r = handWorkedReport();
    const { report, lossy } = fromFormat2019(toFormat2019(r));
    assert.deepEqual(report.applications.rows['other.other'], r.applications.rows['other.no_correction']);
    assert.deepEqual(report.applications.rows['other.no_correction'], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.applications.rows.total, r.applications.rows.total);
    assert.ok(lossy.some((l) => l.includes('other.other')));
    assert.ok(lossy.includes('proactive.fees.amountWanYuan'));
    assert.ok(allChecksHold(validateReport(report)));
  });
});

describe('report labels', () => {
  it('has a zh-CN and English label for every row, column and check', () => {
    for (const row of APPLICATION_ROWS) assert.ok(REPORT_MESSAGES[`reports.row.${row}`], row);
    assert.equal(REPORT_MESSAGES['reports.row.withheld.state_secret']!['zh-CN'], '1.属于国家秘密');
    assert.equal(REPORT_MESSAGES['reports.group.withheld']!['zh-CN'], '（三）不予公开');
    for (const v of Object.values(REPORT_MESSAGES)) assert.ok(v['zh-CN'] && v.en);
  });
});
