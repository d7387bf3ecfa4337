import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../test/support/cli.js';
import { countsWithTotal } from '../../reports/annual-report.js';
import {
  handWorkedReport,
  nationalHtml,
  nationalXlsx,
  previousYearReport,
} from '../../reports/fixtures/report-fixtures.js';

describe('gongkai report check', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-report-cli-'));
    const bad = handWorkedReport();
    bad.applications.rows.granted = countsWithTotal([4, 2, 0, 0, 0, 0]);
    bad.applications.rows.total = countsWithTotal([10, 3, 0, 0, 1, 0]);
    fs.writeFileSync(file('good.json'), JSON.stringify(handWorkedReport(), null, 2));
    fs.writeFileSync(file('previous.json'), JSON.stringify(previousYearReport()));
    fs.writeFileSync(file('bad.json'), JSON.stringify(bad));
    fs.writeFileSync(file('good.xlsx'), await nationalXlsx(handWorkedReport()));
    fs.writeFileSync(file('bad.html'), nationalHtml(bad));
    fs.writeFileSync(file('short-row.json'), JSON.stringify({ ...handWorkedReport(), extra: true }));
    fs.writeFileSync(file('notes.txt'), 'hello');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints every check with ✓ when all hold, including carry-over with --previous', async () => {
    const r = await runCli(['report', 'check', file('good.json'), '--previous', file('previous.json')]);
    assert.equal(r.code, 0, r.stderr);
    for (const rule of [
      'non-negative',
      'row-sum',
      'total-sum',
      'column-balance',
      'appeals-total',
      'carry-over',
      'narrative-consistency',
    ])
      assert.match(r.stdout, new RegExp(`✓ ${rule}: `));
    assert.match(r.stdout, /All 8 checks hold\./);
  });

  it('exits 0 on a consistent .xlsx in the national layout', async () => {
    const r = await runCli(['report', 'check', file('good.xlsx')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('exits 1 and prints ✗ with the detail when a check fails (JSON and HTML)', async () => {
    for (const name of ['bad.json', 'bad.html']) {
      const r = await runCli(['report', 'check', file(name)]);
      assert.equal(r.code, 1, name + r.stderr);
      assert.match(r.stdout, /✗ column-balance: natural_person: received 10 \+ carried in 2 = 12/);
      assert.match(r.stdout, /✓ row-sum/);
      assert.match(r.stdout, /1 of 7 checks failed\./);
    }
  });

  it('exits 1 when the carry-over from last year does not match', async () => {
    const r = await runCli(['report', 'check', file('good.json'), '--previous', file('good.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ carry-over: the previous report is for 2025, not 2024/);
  });

  it('exits 2 with a one-line reason when a file cannot be read', async () => {
    for (const [args, reason] of [
      [[file('missing.json')], /cannot read/],
      [[file('short-row.json')], /extra: unknown key/],
      [[file('notes.txt')], /not a report file/],
      [[file('good.json'), '--previous', file('missing.json')], /cannot read/],
    ] as const) {
      const r = await runCli(['report', 'check', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, reason);
    }
  });
});
