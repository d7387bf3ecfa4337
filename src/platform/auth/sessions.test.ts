import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, contextFor } from '../../../test/support/factories.js';
import { AppError } from '../errors.js';
import { anonymousPrincipal } from './principal.js';
import {
  createSession,
  deleteExpiredSessions,
  findSession,
  hashSessionToken,
  loadPrincipal,
  revokeAllSessions,
  revokeSession,
} from './sessions.js';
import { logOut, logOutEverywhere } from './log-out.js';

const config = { idleMinutes: 30, maxHours: 8 };
const t0 = new Date('2026-03-02T01:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('sessions', () => {
  let t: TestDatabase;
  let userId: number;
  let otherTownUserId: number;

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city' });
    userId = (
      await buildUser(t.database, {
        username: 'clerk',
        homeOrgCode: 'town-a',
        grants: [{ orgCode: 'town-a', role: 'editor' }],
      })
    ).id;
    otherTownUserId = (await buildUser(t.database, { username: 'clerk-b', homeOrgCode: 'town-b' })).id;
  });
  after(() => t.cleanup());

  it('stores only the sha256 of the token and finds the session with its user and principal', async () => {
    const s = await createSession(t.database, { userId, ip: '192.0.2.9', userAgent: 'Firefox' }, t0, config);
    assert.match(s.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(s.expiresAt, '2026-03-02T09:00:00.000Z');
    const rows = await t.database.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.id, hashSessionToken(s.token));
    assert.notEqual(rows[0]!.id, s.token);

    const found = await findSession(t.database, s.token, minutes(1), config);
    assert.ok(found);
    assert.equal(found.user.username, 'clerk');
    assert.equal(found.session.csrfToken, s.csrfToken);
    const town = await t.database.db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('code', '=', 'town-a')
      .executeTakeFirstOrThrow();
    assert.deepEqual(found.principal, {
      kind: 'staff',
      userId,
      username: 'clerk',
      grants: [{ orgId: town.id, orgPath: town.path, role: 'editor' }],
    });
    assert.equal(await findSession(t.database, `${s.token}x`, minutes(1), config), null);
    assert.equal(await findSession(t.database, '', minutes(1), config), null);
  });

  it('slides the idle expiry, writing last_seen_at at most once a minute', async () => {
    const s = await createSession(t.database, { userId }, t0, config);
    const lastSeen = async () =>
      (
        await t.database.db
          .selectFrom('sessions')
          .select('last_seen_at')
          .where('id', '=', hashSessionToken(s.token))
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    await findSession(t.database, s.token, new Date(t0.getTime() + 30_000), config);
    assert.equal(await lastSeen(), t0.toISOString());
    // Active every 20 minutes, it outlives the 30-minute idle limit many times over.
    for (const m of [20, 40, 60, 80])
      assert.ok(await findSession(t.database, s.token, minutes(m), config), `at ${m}`);
    assert.equal(await lastSeen(), minutes(80).toISOString());
    assert.equal(await findSession(t.database, s.token, minutes(110), config), null);
    assert.equal(
      await findSession(t.database, s.token, minutes(81), config),
      null,
      'an expired session is deleted',
    );
  });

  it('ends at the absolute expiry however active it is', async () => {
    const s = await createSession(t.database, { userId }, t0, config);
    for (let m = 25; m < 8 * 60; m += 25)
      assert.ok(await findSession(t.database, s.token, minutes(m), config));
    assert.equal(await findSession(t.database, s.token, minutes(8 * 60), config), null);
  });

  it('does not find the session of a deactivated user, and loadPrincipal gives null for them', async () => {
    const inactive = await buildUser(t.database, {
      username: 'gone',
      homeOrgCode: 'town-a',
      isActive: false,
    });
    const s = await createSession(t.database, { userId: inactive.id }, t0, config);
    assert.equal(await findSession(t.database, s.token, minutes(1), config), null);
    assert.equal(await loadPrincipal(t.database, inactive.id), null);
    assert.equal(await loadPrincipal(t.database, 99999), null);
  });

  it('revokes one session, or all of a user, leaving other users alone', async () => {
    const a = await createSession(t.database, { userId }, t0, config);
    const b = await createSession(t.database, { userId }, t0, config);
    const other = await createSession(t.database, { userId: otherTownUserId }, t0, config);
    assert.deepEqual(await revokeSession(t.database, a.token), { userId });
    assert.equal(await revokeSession(t.database, a.token), null);
    assert.equal(await findSession(t.database, a.token, minutes(1), config), null);
    assert.ok(await findSession(t.database, b.token, minutes(1), config));
    assert.ok((await revokeAllSessions(t.database, userId)) >= 1);
    assert.equal(await findSession(t.database, b.token, minutes(1), config), null);
    assert.ok(await findSession(t.database, other.token, minutes(1), config));
  });

  it('deletes sessions past their absolute end in bulk', async () => {
    await createSession(t.database, { userId: otherTownUserId }, t0, config);
    assert.ok((await deleteExpiredSessions(t.database, minutes(8 * 60))) >= 1);
    const left = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('expires_at', '<=', minutes(8 * 60).toISOString())
      .execute();
    assert.equal(left.length, 0);
  });
});

describe('logOut and logOutEverywhere', () => {
  let t: TestDatabase;
  let clerk: number;
  let clerkB: number;
  let adminA: number;

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city' });
    clerk = (await buildUser(t.database, { username: 'clerk', homeOrgCode: 'town-a' })).id;
    clerkB = (await buildUser(t.database, { username: 'clerk-b', homeOrgCode: 'town-b' })).id;
    adminA = (
      await buildUser(t.database, {
        username: 'admin-a',
        homeOrgCode: 'town-a',
        grants: [{ orgCode: 'town-a', role: 'org_admin' }],
      })
    ).id;
  });
  after(() => t.cleanup());

  const auditActions = async (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('ends the session and audits it; an unknown token changes nothing', async () => {
    const s = await createSession(t.database, { userId: clerk }, t0, config);
    const ctx = await contextAsUser(t.database, clerk, minutes(5));
    await logOut(ctx, s.token);
    assert.equal(await findSession(t.database, s.token, minutes(6), config), null);
    await logOut(ctx, s.token);
    const rows = await auditActions('auth.logout');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.entity_id, String(clerk));
  });

  it('lets anyone end all their own sessions', async () => {
    await createSession(t.database, { userId: clerk }, t0, config);
    await createSession(t.database, { userId: clerk }, t0, config);
    const result = await logOutEverywhere(await contextAsUser(t.database, clerk, minutes(5)), clerk);
    assert.deepEqual(result, { revoked: 2 });
    assert.equal((await auditActions('auth.logout_everywhere')).length, 1);
  });

  it("lets an org_admin end a town account's sessions but not another town's (FORBIDDEN, nothing changed)", async () => {
    const s = await createSession(t.database, { userId: clerkB }, t0, config);
    await createSession(t.database, { userId: clerk }, t0, config);
    const asAdmin = await contextAsUser(t.database, adminA, minutes(5));
    assert.deepEqual(await logOutEverywhere(asAdmin, clerk), { revoked: 1 });
    await assert.rejects(
      logOutEverywhere(asAdmin, clerkB),
      (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN',
    );
    await assert.rejects(
      logOutEverywhere(contextFor(t.database, anonymousPrincipal(), minutes(5)), clerkB),
      (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN',
    );
    assert.ok(await findSession(t.database, s.token, minutes(6), config));
    assert.equal((await auditActions('auth.logout_everywhere')).length, 2);
  });
});
