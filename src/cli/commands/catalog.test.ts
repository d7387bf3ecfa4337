import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { cliEnvFor, runCli } from '../../../test/support/cli.js';
import { systemPrincipal } from '../../platform/auth/principal.js';
import { importOrgs } from '../../orgs/import-orgs.js';

describe('gongkai catalog import', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(t.dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const countItems = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('catalog_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
    await importOrgs(
      { database: t.database, principal: systemPrincipal('test'), meta: {}, now: new Date() },
      [
        { code: 'dg', name: '东莞市人民政府', kind: 'government' },
        { code: 'dg-czj', name: '东莞市财政局', kind: 'department', parent: 'dg' },
      ],
    );
  });
  after(() => t.cleanup());

  it('exits 2 when the file is missing, of an unknown kind, or not readable as its format', async () => {
    const missing = await runCli(['catalog', 'import', path.join(t.dir, 'none.csv')], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
    const kind = await runCli(['catalog', 'import', write('items.json', '[]')], env);
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /must end in \.csv, \.xlsx or \.jsonl/);
    const notXlsx = await runCli(['catalog', 'import', write('items.xlsx', 'org,title\n')], env);
    assert.equal(notXlsx.code, 2);
    assert.match(notXlsx.stderr, /not a readable XLSX workbook/);
  });

  it('exits 1 listing the first 50 problems by row and field and the count, importing nothing', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `dg,第${i}号通知,2025-02-30,published`);
    const file = write('bad.csv', ['org,title,publishedOn,status', ...rows, 'nowhere,x,,draft'].join('\n'));
    const result = await runCli(['catalog', 'import', file], env);
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    const summary = lines.findIndex((l) => l.includes('61 problem(s), nothing imported'));
    assert.ok(summary >= 0, result.stderr);
    assert.match(lines[summary + 1]!, /^ {2}row 2: publishedOn: must be a real date/);
    assert.match(lines[summary + 50]!, /^ {2}row 51: publishedOn:/);
    assert.match(lines[summary + 51]!, /… and 11 more \(61 in all\)/);
    assert.equal(await countItems(), 0);
  });

  it('imports a GBK CSV, saying how it read it, with plain progress lines on a non-terminal stderr', async () => {
    // 东莞市财政局2025年部门预算 / 预算 in GBK, built byte by byte from the decoder's table.
    const decoder = new TextDecoder('gb18030');
    const table = new Map<string, number[]>();
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    const text =
      'org,title,publishedOn,columns,status\ndg-czj,东莞市财政局2025年部门预算,2025-03-01,key-budget,published\n';
    const bytes = [...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!));
    const result = await runCli(['catalog', 'import', write('budget.csv', Buffer.from(bytes))], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /is not UTF-8: read it as GB18030/);
    assert.match(result.stderr, /^checking: 1\/1$/m);
    assert.match(
      result.stdout,
      /Imported .*budget\.csv: 1 items \(1 published, 0 drafts\), 1 index numbers generated; 1 added to search\./,
    );
    const row = await t.database.db
      .selectFrom('catalog_items')
      .select(['title', 'index_number'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { title: '东莞市财政局2025年部门预算', index_number: 'dg-czj/2025-00001' });
  });

  it('refuses personal data unless piiAccepted, then imports JSON Lines', async () => {
    const item = { org: 'dg', title: '公示', body: '联系邮箱 someone@example.com', status: 'published' };
    const refused = await runCli(['catalog', 'import', write('pii.jsonl', JSON.stringify(item))], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /line 1: body: personal data found: e-mail address/);
    assert.equal(refused.stderr.includes('someone@example.com'), false);
    const accepted = await runCli(
      ['catalog', 'import', write('pii-ok.jsonl', JSON.stringify({ ...item, piiAccepted: true }))],
      env,
    );
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /1 personal-data findings recorded as accepted/);
  });
});
