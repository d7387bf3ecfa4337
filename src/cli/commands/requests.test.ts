import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { cliEnvFor, runCli } from '../../../test/support/cli.js';
import { systemPrincipal } from '../../platform/auth/principal.js';
import { importOrgs } from '../../orgs/import-orgs.js';

/** The contract example of the request interchange format (contracts §4), with a real ID number. */
const EXAMPLE = {
  reference: 'OLD-2025-0042',
  org: 'dg-zfb',
  channel: 'online',
  applicant: {
    type: 'natural_person',
    name: '张三',
    idNumber: '11010519491231002X',
    phone: '13812345678',
    email: 'zhangsan@example.com',
    address: '东莞市南城区某路1号',
  },
  submittedAt: '2025-03-01T10:12:00+08:00',
  receivedOn: '2025-03-01',
  description: '2024年本市财政预算执行情况',
  delivery: 'email',
  events: [
    { type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' },
    { type: 'correction_received', on: '2025-03-10' },
    { type: 'consultation_started', on: '2025-03-12', party: 'third_party' },
    { type: 'consultation_ended', on: '2025-03-20' },
    { type: 'extended', on: '2025-04-01', workdays: 20 },
    { type: 'fee_notified', on: '2025-04-02', amountYuan: 300 },
    { type: 'fee_paid', on: '2025-04-05' },
    { type: 'closed', on: '2025-04-20', outcome: 'granted' },
  ],
};

describe('gongkai requests import / export', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  const write = (name: string, lines: unknown[]) => {
    const file = path.join(t.dir, name);
    fs.writeFileSync(
      file,
      lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n',
    );
    return file;
  };
  const count = async () => (await t.database.db.selectFrom('applications').select('id').execute()).length;

  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
    await importOrgs(
      { database: t.database, principal: systemPrincipal('test'), meta: {}, now: new Date() },
      [
        { code: 'dg', name: '东莞市人民政府', kind: 'government' },
        { code: 'dg-zfb', name: '东莞市人民政府办公室', kind: 'department', parent: 'dg' },
        { code: 'dg-czj', name: '东莞市财政局', kind: 'department', parent: 'dg' },
      ],
    );
  });
  after(() => t.cleanup());

  it('refuses a bad file whole, naming each line and its reason', async () => {
    const file = write('bad.jsonl', [
      EXAMPLE,
      { ...EXAMPLE, reference: 'OLD-2', channel: 'carrier_pigeon' },
      { ...EXAMPLE, reference: 'OLD-3', receivedOn: '2025-02-30' },
      {
        ...EXAMPLE,
        reference: 'OLD-4',
        events: [
          { type: 'closed', on: '2025-04-20', outcome: 'granted' },
          { type: 'extended', on: '2025-04-21', workdays: 20 },
        ],
      },
      {
        ...EXAMPLE,
        reference: 'OLD-5',
        events: [
          { type: 'extended', on: '2025-03-02', workdays: 10 },
          { type: 'extended', on: '2025-03-03', workdays: 10 },
        ],
      },
      {
        ...EXAMPLE,
        reference: 'OLD-6',
        org: 'nowhere',
        events: [{ type: 'closed', on: '2025-04-20', outcome: 'approved' }],
      },
      '{not json',
    ]);
    const result = await runCli(['requests', 'import', file], env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /nothing imported/);
    assert.match(result.stderr, /line 2: unknown channel "carrier_pigeon"/);
    assert.match(result.stderr, /line 3: "receivedOn" must be a YYYY-MM-DD date/);
    assert.match(result.stderr, /line 4: event 2: .*\(after_close\)/);
    assert.match(result.stderr, /line 5: event 2: .*\(extension_twice\)/);
    assert.match(result.stderr, /line 6: unknown organisation code "nowhere"/);
    assert.match(result.stderr, /line 6: event 1: .*\(outcome_invalid\)/);
    assert.match(result.stderr, /line 7: not valid JSON/);
    assert.doesNotMatch(result.stderr, /line 1:/);
    assert.equal(await count(), 0);
  });

  it('imports the contract example and exports it back unchanged, with dueOn, status and overdue', async () => {
    const open = {
      ...EXAMPLE,
      reference: 'OLD-2025-0043',
      org: 'dg-czj',
      applicant: {
        type: 'commercial_enterprise',
        name: '某某有限公司',
        creditCode: '91441900MA4UJ0XX0X',
        email: 'info@example.com',
      },
      events: [{ type: 'transferred', on: '2025-03-03', to: 'dg-zfb' }],
    };
    const imported = await runCli(['requests', 'import', write('good.jsonl', [EXAMPLE, open])], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /2 applications/);
    const again = await runCli(['requests', 'import', write('again.jsonl', [EXAMPLE])], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /line 1: reference OLD-2025-0042 is already on the platform/);

    const exported = await runCli(['requests', 'export', '--year', '2025'], env);
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    const [first, second] = lines as [Record<string, unknown>, Record<string, unknown>];
    const { dueOn, status, overdue, ...rest } = first;
    assert.deepEqual(rest, EXAMPLE);
    // Key order as the contract writes it, then the computed fields.
    assert.deepEqual(Object.keys(first), [...Object.keys(EXAMPLE), 'dueOn', 'status', 'overdue']);
    assert.equal(status, 'closed');
    assert.equal(overdue, false);
    assert.match(String(dueOn), /^2025-\d{2}-\d{2}$/);

    // The transferred case keeps its original organisation and is held (and exported) by the receiver.
    assert.equal(second.org, 'dg-czj');
    assert.deepEqual(second.events, open.events);
    assert.equal(second.status, 'received');
    assert.equal(second.overdue, true);
    const held = await t.database.db
      .selectFrom('applications')
      .innerJoin('orgs', 'orgs.id', 'applications.org_id')
      .select('orgs.code')
      .where('reference', '=', 'OLD-2025-0043')
      .executeTakeFirstOrThrow();
    assert.equal(held.code, 'dg-zfb');

    const onlyCzj = await runCli(['requests', 'export', '--org', 'dg-czj'], env);
    assert.equal(onlyCzj.stdout.trim(), '');
    const none = await runCli(['requests', 'export', '--year', '2024'], env);
    assert.equal(none.stdout.trim(), '');
    const badYear = await runCli(['requests', 'export', '--year', 'last'], env);
    assert.equal(badYear.code, 2);
  });
});
