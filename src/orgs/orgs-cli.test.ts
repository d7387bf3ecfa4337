import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { cliEnvFor, runCli } from '../../test/support/cli.js';
import { countOrgs } from './orgs.repository.js';

describe('gongkai orgs import / list', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  const write = (name: string, content: string) => {
    const file = path.join(t.dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
  });
  after(() => t.cleanup());

  it('exits 2 when the file cannot be read or is not JSON', async () => {
    const missing = await runCli(['orgs', 'import', path.join(t.dir, 'none.json')], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
    const broken = await runCli(['orgs', 'import', write('broken.json', '[{')], env);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid JSON/);
  });

  it('exits 1 listing every problem under a one-line summary, writing nothing', async () => {
    const file = write(
      'bad.json',
      JSON.stringify([
        { code: 'dg', name: '东莞市人民政府', kind: 'government' },
        { code: 'dg-x', name: 'x', kind: 'ministry', parent: 'dg' },
        { code: 'dg-y', name: 'y', kind: 'department', parent: 'nowhere' },
      ]),
    );
    const result = await runCli(['orgs', 'import', file], env);
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.match(lines[0]!, /2 problem\(s\), nothing imported/);
    assert.match(lines[1]!, /entry 1 \(dg-x\): kind:/);
    assert.match(lines[2]!, /entry 2 \(dg-y\): parent:/);
    assert.equal(await countOrgs(t.database.db), 0);
  });

  it('imports, then prints the tree indented', async () => {
    const file = write(
      'good.json',
      JSON.stringify([
        { code: 'dg-humen', name: '虎门镇人民政府', kind: 'town', parent: 'dg' },
        { code: 'dg', name: '东莞市人民政府', kind: 'government' },
      ]),
    );
    const result = await runCli(['orgs', 'import', file], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /2 created, 0 updated/);
    const list = await runCli(['orgs', 'list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(list.stdout.trimEnd().split('\n'), [
      'dg  东莞市人民政府  [government]',
      '  dg-humen  虎门镇人民政府  [town]',
    ]);
  });
});
