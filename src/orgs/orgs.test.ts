import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { systemPrincipal, type Principal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { AppError } from '../platform/errors.js';
import type { Role } from '../platform/auth/roles.js';
import { createOrg } from './create-org.js';
import { updateOrg } from './update-org.js';
import { setOrgActive } from './set-org-active.js';
import {
  countOrgs,
  findOrgByCode,
  listAncestors,
  listChildren,
  listOrgTree,
  listSubtree,
  type Org,
} from './orgs.repository.js';
import { flattenTree } from './org.rules.js';

const NOW = new Date('2026-03-02T01:00:00Z');

function fieldsOf(err: unknown): string[] {
  assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
  return (err.details.fields ?? []).map((f) => `${f.field}:${f.message}`);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('organisation use cases', () => {
  let t: TestDatabase;
  let ctx: UseCaseContext;
  const org = async (code: string): Promise<Org> => {
    const row = await findOrgByCode(t.database.db, code);
    assert.ok(row, `no org ${code}`);
    return row;
  };
  const auditCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const staff = (grants: { code: string; role: Role }[]): Promise<UseCaseContext> =>
    Promise.all(grants.map(async (g) => ({ ...g, org: await org(g.code) }))).then((rows) => {
      const principal: Principal = {
        kind: 'staff',
        userId: 1,
        username: 'x',
        grants: rows.map((r) => ({ orgId: r.org.id, orgPath: r.org.path, role: r.role })),
      };
      return { ...ctx, principal };
    });

  before(async () => {
    t = await createTestDatabase();
    ctx = { database: t.database, principal: systemPrincipal('test'), meta: {}, now: NOW };
    await createOrg(ctx, { code: 'dg', name: '东莞市人民政府', kind: 'government' });
    await createOrg(ctx, {
      code: 'dg-fgj',
      name: '东莞市发展和改革局',
      kind: 'department',
      parentCode: 'dg',
    });
    await createOrg(ctx, {
      code: 'dg-humen',
      name: '虎门镇人民政府',
      kind: 'town',
      parentCode: 'dg',
      sortOrder: 2,
    });
    await createOrg(ctx, {
      code: 'dg-changan',
      name: '长安镇人民政府',
      kind: 'town',
      parentCode: 'dg',
      sortOrder: 1,
    });
    await createOrg(ctx, {
      code: 'dg-humen-dzb',
      name: '虎门镇党政办公室',
      kind: 'department',
      parentCode: 'dg-humen',
    });
    await createOrg(ctx, {
      code: 'dg-humen-dzb-x',
      name: '虎门镇党政办公室下属科',
      kind: 'department',
      parentCode: 'dg-humen-dzb',
    });
  });
  after(() => t.cleanup());

  it('creates organisations with materialised paths and one audit record each', async () => {
    const root = await org('dg');
    const town = await org('dg-humen');
    const office = await org('dg-humen-dzb');
    assert.equal(root.path, `/${root.id}/`);
    assert.equal(town.path, `/${root.id}/${town.id}/`);
    assert.equal(office.path, `${town.path}${office.id}/`);
    assert.equal(await auditCount(), 6);
    const record = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', String(town.id))
      .executeTakeFirstOrThrow();
    assert.equal(record.action, 'org.create');
    assert.equal(record.actor_label, 'test');
  });

  it('reads children, subtrees, ancestors and the ordered tree', async () => {
    const root = await org('dg');
    const town = await org('dg-humen');
    assert.deepEqual(
      (await listChildren(t.database.db, root.id)).map((o) => o.code),
      ['dg-fgj', 'dg-changan', 'dg-humen'],
    );
    assert.deepEqual(
      (await listSubtree(t.database.db, town.path)).map((o) => o.code),
      ['dg-humen', 'dg-humen-dzb', 'dg-humen-dzb-x'],
    );
    assert.deepEqual(
      (await listAncestors(t.database.db, await org('dg-humen-dzb-x'))).map((o) => o.code),
      ['dg', 'dg-humen', 'dg-humen-dzb'],
    );
    const flat = flattenTree(await listOrgTree(t.database.db)).map((n) => `${n.depth}:${n.org.code}`);
    assert.deepEqual(flat, [
      '0:dg',
      '1:dg-fgj',
      '1:dg-changan',
      '1:dg-humen',
      '2:dg-humen-dzb',
      '3:dg-humen-dzb-x',
    ]);
    assert.equal(await countOrgs(t.database.db), 6);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await auditCount();
    const err = await rejection(
      createOrg(ctx, {
        code: 'Bad Code',
        name: '',
        kind: 'town',
        parentCode: 'dg-fgj',
        phone: 'call me',
        email: 'nope',
        website: 'www.x.cn',
        postcode: '1234',
      }),
    );
    assert.equal(err.code, 'VALIDATION');
    assert.deepEqual(fieldsOf(err).sort(), [
      'code:orgs.error.code_format',
      'email:orgs.error.email_format',
      'kind:orgs.error.town_parent_must_be_government',
      'name:orgs.error.name_required',
      'phone:orgs.error.phone_format',
      'postcode:orgs.error.postcode_format',
      'website:orgs.error.website_format',
    ]);
    assert.deepEqual(
      fieldsOf(
        await rejection(createOrg(ctx, { code: 'dg-fgj', name: 'x', kind: 'department', parentCode: 'dg' })),
      ),
      ['code:orgs.error.code_taken'],
    );
    assert.deepEqual(
      fieldsOf(await rejection(createOrg(ctx, { code: 'dg2', name: '又一个市', kind: 'government' }))),
      ['parentCode:orgs.error.root_exists'],
    );
    assert.deepEqual(
      fieldsOf(
        await rejection(
          createOrg(ctx, { code: 'dg-x', name: 'x', kind: 'department', parentCode: 'nowhere' }),
        ),
      ),
      ['parentCode:orgs.error.parent_unknown'],
    );
    assert.equal(await auditCount(), before);
    assert.equal(await countOrgs(t.database.db), 6);
  });

  it('updates names and guide facts, clears a fact with null, and audits only what changed', async () => {
    const updated = await updateOrg(ctx, {
      code: 'dg-fgj',
      nameEn: 'Development and Reform Bureau',
      phone: '0769-0000 1234',
      email: 'xxgk@fgj.dongguan-demo.invalid',
      address: '  ',
    });
    assert.equal(updated.nameEn, 'Development and Reform Bureau');
    assert.equal(updated.phone, '0769-0000 1234');
    assert.equal(updated.address, null);
    const record = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(record.action, 'org.update');
    assert.deepEqual(JSON.parse(record.after_json!), {
      email: 'xxgk@fgj.dongguan-demo.invalid',
      nameEn: 'Development and Reform Bureau',
      phone: '0769-0000 1234',
    });
  });

  it('moves a subtree and rewrites every path below it', async () => {
    const changan = await org('dg-changan');
    await updateOrg(ctx, { code: 'dg-humen-dzb', parentCode: 'dg-changan' });
    const office = await org('dg-humen-dzb');
    const below = await org('dg-humen-dzb-x');
    assert.equal(office.parent_id, changan.id);
    assert.equal(office.path, `${changan.path}${office.id}/`);
    assert.equal(below.path, `${office.path}${below.id}/`);
    assert.deepEqual(
      (await listSubtree(t.database.db, (await org('dg-humen')).path)).map((o) => o.code),
      ['dg-humen'],
    );
    // and back
    await updateOrg(ctx, { code: 'dg-humen-dzb', parentCode: 'dg-humen' });
    assert.equal((await org('dg-humen-dzb-x')).path.startsWith((await org('dg-humen')).path), true);
  });

  it('refuses a move under its own subtree, moving the root, and a kind that does not fit', async () => {
    const before = await auditCount();
    const pathsBefore = (await listSubtree(t.database.db, '/')).map((o) => o.path);
    assert.deepEqual(
      fieldsOf(await rejection(updateOrg(ctx, { code: 'dg-humen', parentCode: 'dg-humen-dzb-x' }))),
      ['parentCode:orgs.error.cycle', 'kind:orgs.error.town_parent_must_be_government'],
    );
    assert.deepEqual(
      fieldsOf(await rejection(updateOrg(ctx, { code: 'dg-humen-dzb', parentCode: 'dg-humen-dzb-x' }))),
      ['parentCode:orgs.error.cycle'],
    );
    assert.deepEqual(fieldsOf(await rejection(updateOrg(ctx, { code: 'dg', parentCode: 'dg-fgj' }))), [
      'parentCode:orgs.error.root_cannot_move',
      'kind:orgs.error.government_must_be_root',
    ]);
    assert.deepEqual(fieldsOf(await rejection(updateOrg(ctx, { code: 'dg-humen-dzb', kind: 'town' }))), [
      'kind:orgs.error.town_parent_must_be_government',
    ]);
    assert.deepEqual(fieldsOf(await rejection(updateOrg(ctx, { code: 'dg', kind: 'department' }))), [
      'kind:orgs.error.root_must_be_government',
      'kind:orgs.error.children_not_allowed',
    ]);
    assert.equal((await rejection(updateOrg(ctx, { code: 'nowhere', name: 'x' }))).code, 'NOT_FOUND');
    assert.equal(await auditCount(), before);
    assert.deepEqual(
      (await listSubtree(t.database.db, '/')).map((o) => o.path),
      pathsBefore,
    );
  });

  it('lets a town administrator manage its own town but not another town', async () => {
    const townAdmin = await staff([{ code: 'dg-humen', role: 'org_admin' }]);
    await updateOrg(townAdmin, {
      code: 'dg-humen-dzb',
      officeHours: '工作日 上午9:00-12:00，下午14:00-17:30',
    });
    const before = await auditCount();
    const err = await rejection(updateOrg(townAdmin, { code: 'dg-changan', name: '被改的名字' }));
    assert.equal(err.code, 'FORBIDDEN');
    assert.equal((await org('dg-changan')).name, '长安镇人民政府');
    const moveOut = await rejection(updateOrg(townAdmin, { code: 'dg-humen-dzb', parentCode: 'dg-changan' }));
    assert.equal(moveOut.code, 'FORBIDDEN');
    const create = await rejection(
      createOrg(townAdmin, { code: 'dg-changan-x', name: 'x', kind: 'department', parentCode: 'dg-changan' }),
    );
    assert.equal(create.code, 'FORBIDDEN');
    const editor = await staff([{ code: 'dg-humen', role: 'editor' }]);
    assert.equal((await rejection(updateOrg(editor, { code: 'dg-humen', name: 'x' }))).code, 'FORBIDDEN');
    assert.equal(await auditCount(), before);
    assert.equal((await org('dg-humen-dzb')).parent_id, (await org('dg-humen')).id);
  });

  it('deactivates and reactivates, never deletes, and keeps the tree consistent', async () => {
    assert.equal(
      (await rejection(setOrgActive(ctx, { code: 'dg-humen-dzb', active: false }))).code,
      'INVALID_STATE',
    );
    assert.equal((await rejection(setOrgActive(ctx, { code: 'dg', active: false }))).code, 'INVALID_STATE');
    await setOrgActive(ctx, { code: 'dg-humen-dzb-x', active: false });
    await setOrgActive(ctx, { code: 'dg-humen-dzb', active: false });
    assert.equal((await org('dg-humen-dzb')).is_active, 0);
    assert.equal(await countOrgs(t.database.db), 6);
    assert.equal(await countOrgs(t.database.db, { activeOnly: true }), 4);
    assert.equal(
      (await rejection(setOrgActive(ctx, { code: 'dg-humen-dzb-x', active: true }))).code,
      'INVALID_STATE',
    );
    const codes = flattenTree(await listOrgTree(t.database.db)).map((n) => n.org.code);
    assert.equal(codes.includes('dg-humen-dzb'), false);
    await setOrgActive(ctx, { code: 'dg-humen-dzb', active: true });
    assert.equal((await org('dg-humen-dzb')).is_active, 1);
    assert.equal((await rejection(setOrgActive(ctx, { code: 'nowhere', active: true }))).code, 'NOT_FOUND');
  });
});
