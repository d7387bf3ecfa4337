import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser } from '../../../test/support/factories.js';
import { AppError } from '../../platform/errors.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { createSession, findSession } from '../../platform/auth/sessions.js';
import { resetPassword } from './reset-password.js';
import { changeOwnPassword } from './change-own-password.js';

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

describe('resetPassword and changeOwnPassword', () => {
  let t: TestDatabase;
  let adminA: number;
  let clerk: number;
  let clerkB: number;

  const userRow = (id: number) =>
    t.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
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
  });
  after(() => t.cleanup());

  it('lets an admin set a new password that must be changed, ending the sessions, audited without it', async () => {
    const s = await createSession(t.database, { userId: clerk }, now, sessionConfig);
    await resetPassword(await contextAsUser(t.database, adminA, now), {
      userId: clerk,
      newPassword: 'temporary pass 1',
    });
    const row = await userRow(clerk);
    assert.equal(row.must_change_password, 1);
    assert.equal(await verifyPassword('temporary pass 1', row.password_hash), true);
    assert.equal(await findSession(t.database, s.token, now, sessionConfig), null);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.reset_password')
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(audit).includes('temporary pass 1'));
  });

  it('refuses a weak password, another town, or one’s own account, changing nothing', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    const hashBefore = (await userRow(clerk)).password_hash;
    await assert.rejects(
      resetPassword(ctx, { userId: clerk, newPassword: 'clerk' }),
      hasCode('VALIDATION', 'newPassword'),
    );
    await assert.rejects(
      resetPassword(ctx, { userId: clerkB, newPassword: 'temporary pass 2' }),
      hasCode('FORBIDDEN'),
    );
    await assert.rejects(
      resetPassword(ctx, { userId: adminA, newPassword: 'temporary pass 3' }),
      hasCode('INVALID_STATE'),
    );
    await assert.rejects(
      resetPassword(ctx, { userId: 9999, newPassword: 'temporary pass 4' }),
      hasCode('NOT_FOUND', 'userId'),
    );
    assert.equal((await userRow(clerk)).password_hash, hashBefore);
  });

  it('lets a user change their own password with the current one, keeping only the current session', async () => {
    const current = await createSession(t.database, { userId: clerk }, now, sessionConfig);
    const elsewhere = await createSession(t.database, { userId: clerk }, now, sessionConfig);
    const ctx = await contextAsUser(t.database, clerk, now);
    await changeOwnPassword(ctx, {
      currentPassword: 'temporary pass 1',
      newPassword: 'my own new secret',
      currentSessionToken: current.token,
    });
    const row = await userRow(clerk);
    assert.equal(row.must_change_password, 0);
    assert.equal(await verifyPassword('my own new secret', row.password_hash), true);
    assert.ok(await findSession(t.database, current.token, now, sessionConfig));
    assert.equal(await findSession(t.database, elsewhere.token, now, sessionConfig), null);
  });

  it('refuses a wrong current password or a weak or unchanged new one, naming the field', async () => {
    const ctx = await contextAsUser(t.database, clerk, now);
    await assert.rejects(
      changeOwnPassword(ctx, { currentPassword: 'wrong password', newPassword: 'another good one' }),
      hasCode('VALIDATION', 'currentPassword'),
    );
    await assert.rejects(
      changeOwnPassword(ctx, { currentPassword: 'my own new secret', newPassword: 'short' }),
      hasCode('VALIDATION', 'newPassword'),
    );
    await assert.rejects(
      changeOwnPassword(ctx, { currentPassword: 'my own new secret', newPassword: 'my own new secret' }),
      hasCode('VALIDATION', 'newPassword'),
    );
    assert.equal(await verifyPassword('my own new secret', (await userRow(clerk)).password_hash), true);
  });
});
