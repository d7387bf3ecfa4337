import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { buildOrg } from '../support/factories.js';
import { cliEnvFor, runCli } from '../support/cli.js';
import { annualReportSchema } from '../../src/reports/annual-report.js';
import { allChecksHold } from '../../src/reports/report-validator.rules.js';
import { chromiumExecutable } from '../../src/reports/exports/chromium.js';
import { insertApp } from '../../src/reports/derive-annual-report.test-rows.js';

describe('gongkai report annual', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  const out = (name: string) => path.join(t.dir, name);

  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
    const city = await buildOrg(t.database, { code: 'city', name: '示例市人民政府' });
    const dept = await buildOrg(t.database, { code: 'dept', parentCode: 'city', name: '示例市某局' });
    const db = t.database.db;
    await insertApp(db, {
      orgId: dept.id,
      type: 'natural_person',
      received: '2024-12-20',
      closed: '2025-01-06',
      outcome: 'granted',
    });
    await insertApp(db, {
      orgId: dept.id,
      type: 'commercial_enterprise',
      received: '2025-03-02',
      closed: '2025-03-20',
      outcome: 'partial',
    });
    await insertApp(db, { orgId: city.id, type: 'legal_service_org', received: '2025-12-30' });
  });
  after(() => t.cleanup());

  it('prints the contracts §3 JSON to stdout (aggregate), which parses strictly and whose checks all hold', async () => {
    const r = await runCli(
      ['report', 'annual', '--org', 'city', '--year', '2025', '--scope', 'aggregate'],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as unknown;
    const parsed = annualReportSchema.parse(json);
    assert.equal(parsed.format, 'gov-info-annual-report/2021');
    assert.equal(parsed.scope, 'aggregate');
    assert.deepEqual(parsed.org, { code: 'city', name: '示例市人民政府' });
    assert.deepEqual(parsed.applications.rows.received, [0, 1, 0, 0, 1, 0, 2]);
    assert.deepEqual(parsed.applications.rows.carried_in, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(parsed.applications.rows.carried_out, [0, 0, 0, 0, 1, 0, 1]);
    assert.ok(allChecksHold(parsed.checks));
  });

  it('self scope by default: the city alone', async () => {
    const r = await runCli(['report', 'annual', '--org', 'city', '--year', '2025'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      annualReportSchema.parse(JSON.parse(r.stdout)).applications.rows.received,
      [0, 0, 0, 0, 1, 0, 1],
    );
  });

  it('writes xlsx that `report check` accepts, html, and docx with --out', async () => {
    const x = await runCli(
      [
        'report',
        'annual',
        '--org',
        'city',
        '--year',
        '2025',
        '--scope',
        'aggregate',
        '--format',
        'xlsx',
        '--out',
        out('r.xlsx'),
      ],
      env,
    );
    assert.equal(x.code, 0, x.stderr);
    const check = await runCli(['report', 'check', out('r.xlsx')], env);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const h = await runCli(['report', 'annual', '--org', 'dept', '--year', '2025', '--format', 'html'], env);
    assert.equal(h.code, 0, h.stderr);
    assert.match(h.stdout, /^<!DOCTYPE html>/);
    assert.match(h.stdout, /<caption>/);
    const d = await runCli(
      ['report', 'annual', '--org', 'dept', '--year', '2025', '--format', 'docx', '--out', out('r.docx')],
      env,
    );
    assert.equal(d.code, 0, d.stderr);
    assert.equal(fs.readFileSync(out('r.docx')).subarray(0, 2).toString('latin1'), 'PK');
  });

  it('refuses with one line and exit 1: unknown organisation, bad year, bad scope or format, a binary format without --out', async () => {
    const cases: [string[], RegExp][] = [
      [['--org', 'nope', '--year', '2025'], /^gongkai: no organisation with code nope$/],
      [['--org', 'city', '--year', '25'], /^gongkai: --year must be a four-digit year, not 25$/],
      [['--org', 'city', '--year', '2099'], /year must be a whole number from 2008 to \d{4}, not 2099/],
      [
        ['--org', 'city', '--year', '2025', '--scope', 'all'],
        /^gongkai: --scope must be self or aggregate, not all$/,
      ],
      [
        ['--org', 'city', '--year', '2025', '--format', 'odt'],
        /^gongkai: --format must be one of json, html, docx, xlsx, pdf, not odt$/,
      ],
      [
        ['--org', 'city', '--year', '2025', '--format', 'docx'],
        /^gongkai: --format docx writes a binary file: give --out FILE$/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['report', 'annual', ...args], env);
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr.trim(), message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('pdf: one clear line and exit 1 when Chromium is missing; a PDF when it is installed', async (tc) => {
    const missing = await runCli(
      ['report', 'annual', '--org', 'city', '--year', '2025', '--format', 'pdf', '--out', out('r.pdf')],
      { ...env, GONGKAI_CHROMIUM_PATH: path.join(t.dir, 'no-chromium') },
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr.trim(), /^gongkai: PDF needs Chromium, which is not installed/);
    assert.equal(fs.existsSync(out('r.pdf')), false);
    if (!chromiumExecutable()) {
      tc.diagnostic('Chromium not installed: PDF output not tested');
      return;
    }
    const r = await runCli(
      ['report', 'annual', '--org', 'city', '--year', '2025', '--format', 'pdf', '--out', out('r.pdf')],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(out('r.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
  });
});
