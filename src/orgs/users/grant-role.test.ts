import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, contextFor } from '../../../test/support/factories.js';
import { systemPrincipal } from '../../platform/auth/principal.js';
import { loadPrincipal } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import { grantRole } from './grant-role.js';
import { revokeRole } from './revoke-role.js';

const now = new Date('2026-03-02T01:00:00Z');

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

describe('grantRole and revokeRole', () => {
  let t: TestDatabase;
  let adminA: number;
  let clerk: number;
  let cityAdmin: number;

  async function counts() {
    const { db } = t.database;
    const g = await db
      .selectFrom('role_grants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const a = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { grants: Number(g.n), audits: Number(a.n) };
  }

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
    await buildOrg(t.database, { code: 'town-a-office', kind: 'department', parentCode: 'town-a' });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city' });
    cityAdmin = (
      await buildUser(t.database, {
        username: 'root',
        homeOrgCode: 'city',
        grants: [{ orgCode: 'city', role: 'city_admin' }],
      })
    ).id;
    adminA = (
      await buildUser(t.database, {
        username: 'admin-a',
        homeOrgCode: 'town-a',
        grants: [{ orgCode: 'town-a', role: 'org_admin' }],
      })
    ).id;
    clerk = (await buildUser(t.database, { username: 'clerk', homeOrgCode: 'town-a' })).id;
  });
  after(() => t.cleanup());

  it("lets a town's org_admin grant a role in its own subtree, audited, reaching the principal at once", async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    await grantRole(ctx, { userId: clerk, orgCode: 'town-a-office', role: 'editor' });
    const principal = await loadPrincipal(t.database, clerk);
    assert.deepEqual(
      principal?.grants.map((g) => g.role),
      ['editor'],
    );
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.grant_role')
      .executeTakeFirstOrThrow();
    assert.equal(row.actor_user_id, adminA);
    assert.equal(row.entity_id, String(clerk));
    assert.deepEqual(JSON.parse(row.after_json ?? 'null'), {
      orgCode: 'town-a-office',
      role: 'editor',
      username: 'clerk',
    });
  });

  it('treats granting an existing grant as a no-op: no duplicate, no audit', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    const before = await counts();
    await grantRole(ctx, { userId: clerk, orgCode: 'town-a-office', role: 'editor' });
    assert.deepEqual(await counts(), before);
  });

  it('refuses a grant on another town with FORBIDDEN and writes nothing', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    const before = await counts();
    await assert.rejects(
      grantRole(ctx, { userId: clerk, orgCode: 'town-b', role: 'editor' }),
      hasCode('FORBIDDEN'),
    );
    await assert.rejects(
      grantRole(ctx, { userId: clerk, orgCode: 'city', role: 'editor' }),
      hasCode('FORBIDDEN'),
    );
    assert.deepEqual(await counts(), before);
  });

  it('lets only a city administrator grant city_admin or supervisor', async () => {
    const ctx = await contextAsUser(t.database, adminA, now);
    const before = await counts();
    await assert.rejects(
      grantRole(ctx, { userId: clerk, orgCode: 'town-a', role: 'city_admin' }),
      hasCode('FORBIDDEN'),
    );
    await assert.rejects(
      grantRole(ctx, { userId: clerk, orgCode: 'town-a', role: 'supervisor' }),
      hasCode('FORBIDDEN'),
    );
    assert.deepEqual(await counts(), before);
    const asCityAdmin = await contextAsUser(t.database, cityAdmin, now);
    await grantRole(asCityAdmin, { userId: clerk, orgCode: 'town-a', role: 'supervisor' });
    const system = contextFor(t.database, systemPrincipal(), now);
    await grantRole(system, { userId: clerk, orgCode: 'city', role: 'city_admin' });
    assert.equal((await counts()).grants, before.grants + 2);
  });

  it('names the bad field for an unknown org, role or user', async () => {
    const ctx = contextFor(t.database, systemPrincipal(), now);
    await assert.rejects(
      grantRole(ctx, { userId: clerk, orgCode: 'nowhere', role: 'editor' }),
      hasCode('VALIDATION', 'orgCode'),
    );
    await assert.rejects(
      grantRole(ctx, { userId: clerk, orgCode: 'town-a', role: 'king' as never }),
      hasCode('VALIDATION', 'role'),
    );
    await assert.rejects(
      grantRole(ctx, { userId: 99999, orgCode: 'town-a', role: 'editor' }),
      hasCode('NOT_FOUND', 'userId'),
    );
  });

  it('revokes a grant with the same scope rules and keeps the last city administrator', async () => {
    const asA = await contextAsUser(t.database, adminA, now);
    await assert.rejects(
      revokeRole(asA, { userId: clerk, orgCode: 'city', role: 'city_admin' }),
      hasCode('FORBIDDEN'),
    );
    await revokeRole(asA, { userId: clerk, orgCode: 'town-a-office', role: 'editor' });
    const asRoot = await contextAsUser(t.database, cityAdmin, now);
    await revokeRole(asRoot, { userId: clerk, orgCode: 'city', role: 'city_admin' });
    await assert.rejects(
      revokeRole(asRoot, { userId: cityAdmin, orgCode: 'city', role: 'city_admin' }),
      hasCode('INVALID_STATE', 'role'),
    );
    const principal = await loadPrincipal(t.database, clerk);
    assert.deepEqual(
      principal?.grants.map((g) => g.role),
      ['supervisor'],
    );
    const revoked = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'user.revoke_role')
      .execute();
    assert.equal(revoked.length, 2);
  });
});
