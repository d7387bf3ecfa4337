import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, contextFor } from '../../../test/support/factories.js';
import { systemPrincipal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/errors.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { createUser } from './create-user.js';

const now = new Date('2026-03-02T01:00:00Z');

async function countRows(t: TestDatabase, table: 'users' | 'audit_log'): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function hasCode(code: string, field?: string) {
  return (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (field)
      assert.ok(
        err.details.fields?.some((f) => f.field === field),
        `no problem for ${field}`,
      );
    return true;
  };
}

describe('createUser', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city' });
  });
  after(() => t.cleanup());

  it('creates a lower-cased account with a hashed password and an audit record without it', async () => {
    const ctx = contextFor(t.database, systemPrincipal('test'), now);
    const { id } = await createUser(ctx, {
      username: '  Zhang.San ',
      displayName: '张三',
      email: 'zhangsan@example.gov.cn',
      password: 'a long enough secret',
      homeOrgCode: 'town-a',
      mustChangePassword: true,
    });
    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(user.username, 'zhang.san');
    assert.equal(user.display_name, '张三');
    assert.equal(user.must_change_password, 1);
    assert.equal(user.created_at, now.toISOString());
    assert.match(user.password_hash, /^scrypt\$/);
    assert.equal(await verifyPassword('a long enough secret', user.password_hash), true);
    const auditRow = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    assert.equal(auditRow.actor_label, 'test');
    assert.ok(!auditRow.after_json?.includes('secret'));
    assert.ok(!auditRow.after_json?.includes('scrypt'));
  });

  it('refuses a duplicate username with CONFLICT on the username field and writes nothing', async () => {
    const ctx = contextFor(t.database, systemPrincipal('test'), now);
    const [users, audits] = [await countRows(t, 'users'), await countRows(t, 'audit_log')];
    await assert.rejects(
      createUser(ctx, { username: 'ZHANG.SAN', displayName: '另一个', password: 'another long secret' }),
      hasCode('CONFLICT', 'username'),
    );
    assert.equal(await countRows(t, 'users'), users);
    assert.equal(await countRows(t, 'audit_log'), audits);
  });

  it('names every bad field at once and writes nothing', async () => {
    const ctx = contextFor(t.database, systemPrincipal('test'), now);
    const [users, audits] = [await countRows(t, 'users'), await countRows(t, 'audit_log')];
    await assert.rejects(
      createUser(ctx, { username: 'x!', displayName: ' ', email: 'not-an-email', password: 'short' }),
      (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, 'VALIDATION');
        const fields = err.details.fields?.map((f) => f.field).sort();
        assert.deepEqual(fields, ['displayName', 'email', 'password', 'username']);
        assert.ok(err.details.fields?.every((f) => /^[a-z_]+(\.[a-z_]+)+$/.test(f.message)));
        return true;
      },
    );
    await assert.rejects(
      createUser(ctx, { username: 'lisi', displayName: '李四', password: 'lisi' }),
      hasCode('VALIDATION', 'password'),
    );
    await assert.rejects(
      createUser(ctx, { username: 'wangwu', displayName: '王五', password: 'aaaaaaaaaaaa' }),
      hasCode('VALIDATION', 'password'),
    );
    await assert.rejects(
      createUser(ctx, {
        username: 'wangwu',
        displayName: '王五',
        password: 'good long secret',
        homeOrgCode: 'nowhere',
      }),
      hasCode('VALIDATION', 'homeOrgCode'),
    );
    assert.equal(await countRows(t, 'users'), users);
    assert.equal(await countRows(t, 'audit_log'), audits);
  });

  it("lets a town's org_admin create accounts in the town but not in another town or without a home", async () => {
    const admin = await buildUser(t.database, {
      username: 'admin-a',
      homeOrgCode: 'town-a',
      grants: [{ orgCode: 'town-a', role: 'org_admin' }],
    });
    const ctx = await contextAsUser(t.database, admin.id, now);
    const { id } = await createUser(ctx, {
      username: 'clerk-a',
      displayName: '甲镇办事员',
      password: 'clerk password 1',
      homeOrgCode: 'town-a',
    });
    assert.ok(id > 0);
    const users = await countRows(t, 'users');
    await assert.rejects(
      createUser(ctx, {
        username: 'clerk-b',
        displayName: '乙镇',
        password: 'clerk password 2',
        homeOrgCode: 'town-b',
      }),
      hasCode('FORBIDDEN'),
    );
    await assert.rejects(
      createUser(ctx, { username: 'clerk-c', displayName: '无单位', password: 'clerk password 3' }),
      hasCode('FORBIDDEN'),
    );
    assert.equal(await countRows(t, 'users'), users);
  });
});
