import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser } from '../../../test/support/factories.js';
import { AppError } from '../../platform/errors.js';
import { createSession, findSession } from '../../platform/auth/sessions.js';
import { updateUser } from './update-user.js';

const now = new Date('2026-03-02T01:00:00Z');
const sessionConfig = { idleMinutes: 30, maxHours: 8 };

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

describe('updateUser', () => {
  let t: TestDatabase;
  let adminA: number;
  let clerk: number;
  let clerkB: number;
  let cityAdminInTownA: number;

  const userRow = (id: number) =>
    t.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
    await buildOrg(t.database, { code: 'town-a-office', kind: 'department', parentCode: 'town-a' });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city' });
    adminA = (
      await buildUser(t.database, {
        username: 'admin-a',
        homeOrgCode: 'town-a',
        grants: [{ orgCode: 'town-a', role: 'org_admin' }],
      })
    ).id;
    clerk = (await buildUser(t.database, { username: 'clerk', homeOrgCode: 'town-a' })).id;
    clerkB = (await buildUser(t.database, { username: 'clerk-b', homeOrgCode: 'town-b' })).id;
    cityAdminInTownA = (
      await buildUser(t.database, {
        username: 'boss',
        homeOrgCode: 'town-a',
        grants: [{ orgCode: 'city', role: 'city_admin' }],
      })
    ).id;
  });
  after(() => t.cleanup());

  it('changes the given fields only and audits before and after', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    await updateUser(ctx, {
      userId: clerk,
      displayName: '王办事员',
      email: 'Clerk@Example.gov.cn',
      homeOrgCode: 'town-a-office',
    });
    const row = await userRow(clerk);
    assert.equal(row.display_name, '王办事员');
    assert.equal(row.email, 'Clerk@Example.gov.cn');
    assert.equal(row.is_active, 1);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.update')
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(audit.before_json ?? 'null'), {
      displayName: 'clerk 测试',
      email: null,
      homeOrgCode: 'town-a',
    });
    assert.deepEqual(JSON.parse(audit.after_json ?? 'null'), {
      displayName: '王办事员',
      email: 'Clerk@Example.gov.cn',
      homeOrgCode: 'town-a-office',
    });
  });

  it('records nothing when nothing changes', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    const count = async () => (await t.database.db.selectFrom('audit_log').select('seq').execute()).length;
    const before = await count();
    await updateUser(ctx, { userId: clerk, displayName: '王办事员' });
    assert.equal(await count(), before);
  });

  it('ends every session of an account when it is deactivated, and it can be reactivated', async () => {
    const s = await createSession(t.database, { userId: clerk }, now, sessionConfig);
    const ctx = await contextAsUser(t.database, adminA, now);
    await updateUser(ctx, { userId: clerk, isActive: false });
    assert.equal((await userRow(clerk)).is_active, 0);
    assert.equal(await findSession(t.database, s.token, now, sessionConfig), null);
    const sessions = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', clerk)
      .execute();
    assert.equal(sessions.length, 0);
    await updateUser(ctx, { userId: clerk, isActive: true });
    assert.equal((await userRow(clerk)).is_active, 1);
  });

  it('refuses, writing nothing, changes to another town, to a city admin, or a move out of scope', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    const before = await t.database.db.selectFrom('audit_log').select('seq').execute();
    await assert.rejects(updateUser(ctx, { userId: clerkB, displayName: 'x' }), hasCode('FORBIDDEN'));
    await assert.rejects(
      updateUser(ctx, { userId: cityAdminInTownA, isActive: false }),
      hasCode('FORBIDDEN'),
    );
    await assert.rejects(updateUser(ctx, { userId: clerk, homeOrgCode: 'town-b' }), hasCode('FORBIDDEN'));
    await assert.rejects(
      updateUser(ctx, { userId: clerk, homeOrgCode: 'nowhere' }),
      hasCode('VALIDATION', 'homeOrgCode'),
    );
    await assert.rejects(
      updateUser(ctx, { userId: clerk, email: 'not mail' }),
      hasCode('VALIDATION', 'email'),
    );
    await assert.rejects(
      updateUser(ctx, { userId: adminA, isActive: false }),
      hasCode('INVALID_STATE', 'isActive'),
    );
    assert.equal((await userRow(clerk)).home_org_id !== null, true);
    assert.equal((await userRow(cityAdminInTownA)).is_active, 1);
    assert.equal((await t.database.db.selectFrom('audit_log').select('seq').execute()).length, before.length);
  });
});
