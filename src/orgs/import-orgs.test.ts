import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { AppError } from '../platform/errors.js';
import { importOrgs, importProblemsOf } from './import-orgs.js';
import { countOrgs, findOrgByCode, listSubtree } from './orgs.repository.js';

const NOW = new Date('2026-03-02T01:00:00Z');

describe('importing organisations', () => {
  let t: TestDatabase;
  let ctx: UseCaseContext;
  const auditCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const problemsOf = async (input: unknown) => {
    try {
      await importOrgs(ctx, input);
    } catch (err) {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'VALIDATION');
      return importProblemsOf(err).map((p) => `${p.index}|${p.code ?? ''}|${p.field}|${p.message}`);
    }
    assert.fail('expected the import to be refused');
  };

  before(async () => {
    t = await createTestDatabase();
    ctx = { database: t.database, principal: systemPrincipal('test'), meta: {}, now: NOW };
  });
  after(() => t.cleanup());

  it('creates a tree whose parents come later in the file', async () => {
    const result = await importOrgs(ctx, [
      { code: 'dg-humen-dzb', name: '虎门镇党政办公室', kind: 'department', parent: 'dg-humen' },
      {
        code: 'dg-humen',
        name: '虎门镇人民政府',
        kind: 'town',
        parent: 'dg',
        nameEn: 'Humen Town',
        sortOrder: 5,
      },
      {
        code: 'dg-fgj',
        name: '东莞市发展和改革局',
        kind: 'department',
        parent: 'dg',
        phone: '0769-0000 1234',
      },
      { code: 'dg', name: '东莞市人民政府', kind: 'government' },
    ]);
    assert.deepEqual(result, { created: 4, updated: 0, unchanged: 0 });
    const root = await findOrgByCode(t.database.db, 'dg');
    const office = await findOrgByCode(t.database.db, 'dg-humen-dzb');
    const town = await findOrgByCode(t.database.db, 'dg-humen');
    assert.equal(office?.path, `/${root!.id}/${town!.id}/${office!.id}/`);
    assert.equal(town?.name_en, 'Humen Town');
    assert.equal(town?.sort_order, 5);
    assert.equal(await auditCount(), 4);
  });

  it('updates by code on re-import, moves, leaves absent fields alone, and skips unchanged entries', async () => {
    const result = await importOrgs(ctx, [
      { code: 'dg', name: '东莞市人民政府', kind: 'government' },
      { code: 'dg-fgj', name: '东莞市发展和改革局（新）', kind: 'department', parent: 'dg' },
      { code: 'dg-humen-dzb', name: '虎门镇党政办公室', kind: 'department', parent: 'dg-fgj' },
      { code: 'dg-changan', name: '长安镇人民政府', kind: 'town', parent: 'dg' },
    ]);
    assert.deepEqual(result, { created: 1, updated: 2, unchanged: 1 });
    const fgj = await findOrgByCode(t.database.db, 'dg-fgj');
    assert.equal(fgj?.name, '东莞市发展和改革局（新）');
    assert.equal(fgj?.phone, '0769-0000 1234');
    const moved = await findOrgByCode(t.database.db, 'dg-humen-dzb');
    assert.equal(moved?.path, `${fgj.path}${moved!.id}/`);
    assert.equal(await auditCount(), 4 + 3);
  });

  it('reports every problem with index, code and field, and writes nothing', async () => {
    const orgsBefore = await countOrgs(t.database.db);
    const auditBefore = await auditCount();
    const paths = (await listSubtree(t.database.db, '/')).map((o) => `${o.code}${o.path}`);
    const problems = await problemsOf([
      { code: 'dg-new', name: '新单位', kind: 'department', parent: 'dg' },
      { code: 'Bad', name: 'x', kind: 'department', parent: 'dg' },
      { code: 'dg-a', name: 'x', kind: 'ministry', parent: 'dg' },
      { code: 'dg-b', name: 'x', kind: 'department', parent: 'nowhere' },
      { code: 'dg-new', name: '重复', kind: 'department', parent: 'dg' },
      { code: 'dg-c', name: 'x', kind: 'department', parent: 'dg-d' },
      { code: 'dg-d', name: 'x', kind: 'department', parent: 'dg-c' },
      { code: 'dg-e', name: 'x', kind: 'department', parent: 'dg', phone: 'abc', email: 'x@', prnt: 'dg' },
      { code: 'dg-f', name: 'x', kind: 'town', parent: 'dg-fgj' },
      { code: 'dg2', name: '另一个市', kind: 'government' },
      { code: 'dg-fgj', name: 'x', kind: 'department', parent: 'dg-humen-dzb' },
      'not an object',
      { name: '无代码', kind: 'department', parent: 'dg' },
    ]);
    assert.deepEqual(problems, [
      '1|Bad|code|orgs.error.code_format',
      '2|dg-a|kind|orgs.error.kind_unknown',
      '3|dg-b|parent|orgs.error.parent_unknown',
      '4|dg-new|code|orgs.error.duplicate_in_file',
      '5|dg-c|parent|orgs.error.cycle',
      '6|dg-d|parent|orgs.error.cycle',
      '7|dg-e|prnt|orgs.error.unknown_field',
      // its parent is entry 10, which is refused: it cannot be placed either
      '8|dg-f|parent|orgs.error.ancestor_invalid',
      '8|dg-f|kind|orgs.error.town_parent_must_be_government',
      '9|dg2|parent|orgs.error.root_exists',
      '10|dg-fgj|parent|orgs.error.cycle',
      '11||input|orgs.error.invalid_type',
      '12||code|orgs.error.required',
    ]);
    assert.equal(await countOrgs(t.database.db), orgsBefore);
    assert.equal(await auditCount(), auditBefore);
    assert.deepEqual(
      (await listSubtree(t.database.db, '/')).map((o) => `${o.code}${o.path}`),
      paths,
    );
  });

  it('reports bad guide-fact formats per field', async () => {
    const problems = await problemsOf([
      {
        code: 'dg-g',
        name: 'x',
        kind: 'department',
        parent: 'dg',
        phone: 'abc',
        email: 'x@',
        website: 'ftp://x',
        postcode: '12',
      },
    ]);
    assert.deepEqual(problems, [
      '0|dg-g|postcode|orgs.error.postcode_format',
      '0|dg-g|phone|orgs.error.phone_format',
      '0|dg-g|email|orgs.error.email_format',
      '0|dg-g|website|orgs.error.website_format',
    ]);
  });

  it('refuses a file that is not an array', async () => {
    await assert.rejects(importOrgs(ctx, { code: 'dg' }), (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.deepEqual(err.details.fields, [{ field: 'file', message: 'orgs.error.import_not_array' }]);
      return true;
    });
  });

  it('refuses entries a staff member may not manage', async () => {
    const town = await findOrgByCode(t.database.db, 'dg-humen');
    const staff: UseCaseContext = {
      ...ctx,
      principal: {
        kind: 'staff',
        userId: 1,
        username: 'x',
        grants: [{ orgId: town!.id, orgPath: town!.path, role: 'org_admin' }],
      },
    };
    const before = await countOrgs(t.database.db);
    await assert.rejects(
      importOrgs(staff, [
        { code: 'dg-humen-x', name: 'x', kind: 'department', parent: 'dg-humen' },
        { code: 'dg-changan-x', name: 'x', kind: 'department', parent: 'dg-changan' },
      ]),
      (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN',
    );
    assert.equal(await countOrgs(t.database.db), before);
    assert.deepEqual(
      await importOrgs(staff, [{ code: 'dg-humen-x', name: 'x', kind: 'department', parent: 'dg-humen' }]),
      {
        created: 1,
        updated: 0,
        unchanged: 0,
      },
    );
  });
});
