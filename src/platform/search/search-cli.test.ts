import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg } from '../../../test/support/factories.js';
import { cliEnvFor, runCli } from '../../../test/support/cli.js';
import { createSearchIndex, type SearchDocument } from './search-index.js';

describe('gongkai search', () => {
  let t: TestDatabase;
  let env: Record<string, string>;

  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
    const city = await buildOrg(t.database, { code: 'dg' });
    const dept = await buildOrg(t.database, { code: 'dg-sfj', parentCode: 'dg' });
    const other = await buildOrg(t.database, { code: 'sz' });
    const base = {
      summary: '',
      attachmentText: '',
      docNumber: null,
      keywords: [],
      columns: [],
      docType: 'other' as const,
      effectiveOn: null,
      abolishedOn: null,
    };
    const docs: SearchDocument[] = [
      {
        ...base,
        id: 1,
        orgId: dept.id,
        orgPath: dept.path,
        orgCode: dept.code,
        indexNumber: 'dg-sfj/2025-00001',
        title: '东莞市行政复议工作规定',
        body: '为规范行政复议工作，制定本规定。',
        publishedOn: '2025-03-10',
      },
      {
        ...base,
        id: 2,
        orgId: other.id,
        orgPath: other.path,
        orgCode: other.code,
        indexNumber: 'sz/2024-00007',
        title: '深圳市行政复议案件统计',
        body: '全年办理行政复议案件。',
        publishedOn: '2024-01-05',
      },
    ];
    await createSearchIndex(t.database).upsertMany(t.database.db, docs);
    assert.ok(city.id > 0);
  });
  after(() => t.cleanup());

  it('prints the contract JSON, best first, snippet as plain text', async () => {
    const r = await runCli(['search', '復議', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { total: number; results: Record<string, string>[] };
    assert.equal(out.total, 2);
    assert.deepEqual(Object.keys(out.results[0]!).sort(), [
      'indexNumber',
      'org',
      'publishedOn',
      'snippet',
      'title',
    ]);
    assert.ok(out.results.every((x) => !x.snippet!.includes('<mark>')));
    assert.ok(
      out.results.some((x) => x.snippet!.includes('行政复议') && x.indexNumber === 'dg-sfj/2025-00001'),
    );
  });

  it('limits to an organisation with its sub-organisations and honours --limit', async () => {
    const r = await runCli(['search', '复议', '--org', 'dg', '--json'], env);
    const out = JSON.parse(r.stdout) as { total: number; results: { org: string }[] };
    assert.deepEqual(
      out.results.map((x) => x.org),
      ['dg-sfj'],
    );
    const one = JSON.parse((await runCli(['search', '复议', '--limit', '1', '--json'], env)).stdout) as {
      total: number;
      results: unknown[];
    };
    assert.equal(one.total, 2);
    assert.equal(one.results.length, 1);
  });

  it('prints a readable list, an honest empty state, and refuses an unknown organisation', async () => {
    const list = await runCli(['search', '行政复议'], env);
    assert.match(list.stdout, /东莞市行政复议工作规定/);
    const none = await runCli(['search', '"NEAR(*'], env);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No published item matches|Nothing to search for/);
    const bad = await runCli(['search', '复议', '--org', 'nope'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no organisation with code nope/);
  });
});
