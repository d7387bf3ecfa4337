import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, contextFor } from '../../../test/support/factories.js';
import { anonymousPrincipal, systemPrincipal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/errors.js';
import { listUsers } from './list-users.js';

const now = new Date('2026-03-02T01:00:00Z');

describe('listUsers', () => {
  let t: TestDatabase;
  let adminA: number;
  let supervisor: number;
  let editorA: number;

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government', name: '市人民政府' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city', name: '甲镇' });
    await buildOrg(t.database, {
      code: 'town-a-office',
      kind: 'department',
      parentCode: 'town-a',
      name: '甲镇办',
    });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city', name: '乙镇' });
    adminA = (
      await buildUser(t.database, {
        username: 'admin-a',
        homeOrgCode: 'town-a',
        grants: [{ orgCode: 'town-a', role: 'org_admin' }],
      })
    ).id;
    editorA = (
      await buildUser(t.database, {
        username: 'editor-a',
        homeOrgCode: 'town-a-office',
        grants: [{ orgCode: 'town-a-office', role: 'editor' }],
      })
    ).id;
    await buildUser(t.database, { username: 'clerk-b', homeOrgCode: 'town-b' });
    // Home in town B, but also an editor in town A's office: visible to town A, with only that grant.
    await buildUser(t.database, {
      username: 'shared',
      homeOrgCode: 'town-b',
      grants: [
        { orgCode: 'town-b', role: 'case_handler' },
        { orgCode: 'town-a-office', role: 'editor' },
      ],
    });
    await buildUser(t.database, { username: 'retired-a', homeOrgCode: 'town-a', isActive: false });
    supervisor = (
      await buildUser(t.database, {
        username: 'watcher',
        homeOrgCode: 'city',
        grants: [{ orgCode: 'city', role: 'supervisor' }],
      })
    ).id;
    await buildUser(t.database, { username: 'homeless' });
  });
  after(() => t.cleanup());

  const names = (r: { users: { username: string }[] }) => r.users.map((u) => u.username);

  it("shows a town's org_admin the accounts of its subtree, with grants only in its scope", async () => {
    const result = await listUsers(await contextAsUser(t.database, adminA, now));
    assert.deepEqual(names(result), ['admin-a', 'editor-a', 'shared']);
    assert.equal(result.total, 3);
    const shared = result.users.find((u) => u.username === 'shared')!;
    assert.deepEqual(shared.grants, [
      { orgId: shared.grants[0]!.orgId, orgCode: 'town-a-office', orgName: '甲镇办', role: 'editor' },
    ]);
    assert.deepEqual(shared.homeOrg?.code, 'town-b');
    const editor = result.users.find((u) => u.username === 'editor-a')!;
    assert.equal(editor.homeOrg?.name, '甲镇办');
    assert.equal(editor.isActive, true);
  });

  it('includes deactivated accounts when asked', async () => {
    const result = await listUsers(await contextAsUser(t.database, adminA, now), { includeInactive: true });
    assert.deepEqual(names(result), ['admin-a', 'editor-a', 'retired-a', 'shared']);
  });

  it('shows a city supervisor every account with a home or grant in the city', async () => {
    const result = await listUsers(await contextAsUser(t.database, supervisor, now));
    assert.deepEqual(names(result), ['admin-a', 'clerk-b', 'editor-a', 'shared', 'watcher']);
  });

  it('shows the system everyone, including accounts without an organisation', async () => {
    const result = await listUsers(contextFor(t.database, systemPrincipal(), now), { includeInactive: true });
    assert.equal(result.total, 7);
    assert.ok(names(result).includes('homeless'));
  });

  it('shows nothing to an editor or a visitor', async () => {
    assert.deepEqual(await listUsers(await contextAsUser(t.database, editorA, now)), { users: [], total: 0 });
    assert.deepEqual(await listUsers(contextFor(t.database, anonymousPrincipal(), now)), {
      users: [],
      total: 0,
    });
  });

  it('filters by organisation subtree and by text, within the scope', async () => {
    const system = contextFor(t.database, systemPrincipal(), now);
    assert.deepEqual(names(await listUsers(system, { orgCode: 'town-a-office' })), ['editor-a', 'shared']);
    assert.deepEqual(names(await listUsers(system, { orgCode: 'town-b' })), ['clerk-b', 'shared']);
    assert.deepEqual(names(await listUsers(system, { text: '-A' })), ['admin-a', 'editor-a']);
    assert.deepEqual(names(await listUsers(system, { text: 'clerk-b 测' })), ['clerk-b']);
    assert.deepEqual(names(await listUsers(system, { text: '%' })), []);
    assert.deepEqual(names(await listUsers(system, { text: '_' })), []);
    const asAdmin = await contextAsUser(t.database, adminA, now);
    assert.deepEqual(names(await listUsers(asAdmin, { orgCode: 'town-b' })), ['shared']);
    await assert.rejects(
      listUsers(system, { orgCode: 'nowhere' }),
      (err: unknown) => err instanceof AppError && err.code === 'VALIDATION',
    );
  });

  it('pages through the list in username order', async () => {
    const system = contextFor(t.database, systemPrincipal(), now);
    const page = await listUsers(system, { limit: 2, offset: 1 });
    assert.deepEqual(names(page), ['clerk-b', 'editor-a']);
    assert.equal(page.total, 6);
  });
});
