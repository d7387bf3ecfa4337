import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent, createTestApp, logInAs, type TestApp } from '../../test/support/test-app.js';
import { buildOrg, buildUser } from '../../test/support/factories.js';
import { insertOutboxMessage } from '../platform/mail/outbox.repository.js';
import { listMessageKeys } from '../platform/i18n/i18n.js';

async function count(
  t: TestApp,
  table: 'orgs' | 'users' | 'audit_log' | 'sessions' | 'role_grants',
): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The page without what differs per request (CSRF token, request id). */
function comparable(html: string): string {
  return html
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/value="[a-z0-9.-]*" autocomplete="username"/, '');
}

describe('staff back office', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await buildOrg(t.database, { code: 'city', kind: 'government', name: '示例市人民政府' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city', name: '甲镇人民政府' });
    await buildOrg(t.database, {
      code: 'town-a-office',
      kind: 'department',
      parentCode: 'town-a',
      name: '甲镇党政办',
    });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city', name: '乙镇人民政府' });
    await buildUser(t.database, {
      username: 'root',
      homeOrgCode: 'city',
      grants: [{ orgCode: 'city', role: 'city_admin' }],
    });
    await buildUser(t.database, {
      username: 'admin-a',
      homeOrgCode: 'town-a',
      grants: [{ orgCode: 'town-a', role: 'org_admin' }],
    });
    await buildUser(t.database, {
      username: 'admin-b',
      homeOrgCode: 'town-b',
      grants: [{ orgCode: 'town-b', role: 'org_admin' }],
    });
    await buildUser(t.database, {
      username: 'editor-a',
      homeOrgCode: 'town-a',
      grants: [{ orgCode: 'town-a', role: 'editor' }],
    });
  });
  after(() => t.cleanup());

  describe('signing in and out', () => {
    it('shows a labelled login form with a CSRF field', async () => {
      const agent = createAgent(t);
      const { res, html } = await agent.get('/staff/login');
      assert.equal(res.status, 200);
      assert.match(html, /<label for="f-username">用户名<\/label>/);
      assert.match(html, /<label for="f-password">密码<\/label>/);
      assert.match(html, /<button type="submit">登录<\/button>/);
      assert.ok(agent.csrf);
    });

    it('sends an unauthenticated visitor to the login page with where they were going', async () => {
      const res = await t.app.request('/staff/users');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/staff/login?next=%2Fstaff%2Fusers');
    });

    it('signs in with a session cookie and reaches the dashboard with only the links the roles allow', async () => {
      const agent = createAgent(t);
      await agent.get('/staff/login?next=/staff/orgs');
      const { res } = await agent.post('/staff/login', {
        username: 'Admin-A',
        password: 'correct horse battery',
        next: '/staff/orgs',
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/staff/orgs');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gk_session='));
      assert.ok(cookie);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\//);
      const { res: dash, html } = await agent.get('/staff');
      assert.equal(dash.status, 200);
      assert.match(html, /admin-a 测试/);
      assert.match(html, /甲镇人民政府/);
      assert.match(html, /单位管理员/);
      assert.match(html, /href="\/staff\/users"/);
      assert.match(html, /href="\/staff\/audit"/);
      assert.doesNotMatch(html, /href="\/staff\/outbox"/);
      assert.doesNotMatch(html, /href="\/staff\/audit\/verify"/);
      assert.match(html, />退出登录</);
      const login = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.login')
        .execute();
      assert.ok(login.some((r) => r.actor_label === 'admin-a'));
    });

    it('never redirects off the site after sign-in', async () => {
      const agent = createAgent(t);
      await agent.get('/staff/login');
      const { res } = await agent.post('/staff/login', {
        username: 'editor-a',
        password: 'correct horse battery',
        next: '//evil.example/',
      });
      assert.equal(res.headers.get('location'), '/staff');
      const { html } = await agent.get('/staff');
      // An editor sees no organisation-management, user or audit links.
      assert.doesNotMatch(html, /href="\/staff\/users"/);
      assert.doesNotMatch(html, /href="\/staff\/audit"/);
    });

    it('gives the same page for a wrong password and an unknown user, keeping the username but not the password', async () => {
      const agent = createAgent(t);
      await agent.get('/staff/login');
      const wrong = await agent.post('/staff/login', { username: 'admin-b', password: 'not the password' });
      const unknown = await agent.post('/staff/login', {
        username: 'no-such-user',
        password: 'not the password',
      });
      assert.equal(wrong.res.status, 401);
      assert.equal(unknown.res.status, 401);
      assert.match(wrong.html, /<title>错误：工作人员登录/);
      assert.match(wrong.html, /用户名或密码不正确/);
      assert.match(wrong.html, /value="admin-b"/);
      assert.doesNotMatch(wrong.html, /not the password/);
      assert.equal(comparable(wrong.html), comparable(unknown.html));
      assert.ok(!wrong.res.headers.getSetCookie().some((c) => c.startsWith('gk_session=')));
    });

    it('names each missing field', async () => {
      const agent = createAgent(t);
      await agent.get('/staff/login');
      const { res, html } = await agent.post('/staff/login', { username: '', password: '' });
      assert.equal(res.status, 422);
      assert.match(html, /<a href="#f-username">请输入用户名<\/a>/);
      assert.match(html, /<a href="#f-password">请输入密码<\/a>/);
    });

    it('throttles a username after repeated failures, even with the right password', async () => {
      await buildUser(t.database, { username: 'target', homeOrgCode: 'town-b' });
      const agent = createAgent(t);
      await agent.get('/staff/login');
      for (let i = 0; i < t.config.login.maxFailures; i++) {
        const { res } = await agent.post('/staff/login', {
          username: 'target',
          password: `guess number ${i}`,
        });
        assert.equal(res.status, 401);
      }
      const { res, html } = await agent.post('/staff/login', {
        username: 'target',
        password: 'correct horse battery',
      });
      assert.equal(res.status, 429);
      assert.match(html, /登录失败次数过多/);
      assert.match(html, new RegExp(`${t.config.login.lockMinutes} 分钟后再试`));
      assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith('gk_session=')));
    });

    it('ends the session on logout', async () => {
      const agent = await logInAs(t, 'admin-b', 'correct horse battery');
      const stolen = agent.cookies;
      const { res } = await agent.post('/staff/logout', {});
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/staff/login?done=logged_out');
      const again = await t.app.request('/staff', { headers: { cookie: stolen } });
      assert.equal(again.status, 303);
      assert.match(again.headers.get('location') ?? '', /^\/staff\/login/);
    });

    it('ends every session of the account on logout everywhere', async () => {
      const laptop = await logInAs(t, 'admin-b', 'correct horse battery');
      const phone = await logInAs(t, 'admin-b', 'correct horse battery');
      const other = await logInAs(t, 'admin-a', 'correct horse battery');
      const { res } = await laptop.post('/staff/logout-everywhere', {});
      assert.equal(res.status, 303);
      assert.equal((await phone.get('/staff')).res.status, 303);
      assert.equal((await laptop.get('/staff')).res.status, 303);
      assert.equal((await other.get('/staff')).res.status, 200);
    });

    it('sends someone who must change their password to that page first', async () => {
      const user = await buildUser(t.database, { username: 'newbie', homeOrgCode: 'town-a' });
      await t.database.db
        .updateTable('users')
        .set({ must_change_password: 1 })
        .where('id', '=', user.id)
        .execute();
      const agent = createAgent(t);
      await agent.get('/staff/login');
      const { res } = await agent.post('/staff/login', {
        username: 'newbie',
        password: 'correct horse battery',
      });
      assert.equal(res.headers.get('location'), '/staff/password');
      const dash = await agent.get('/staff');
      assert.equal(dash.res.status, 303);
      assert.equal(dash.res.headers.get('location'), '/staff/password');
      const page = await agent.get('/staff/password');
      assert.equal(page.res.status, 200);
      const mismatch = await agent.post('/staff/password', {
        currentPassword: 'correct horse battery',
        newPassword: 'a brand new secret',
        confirmPassword: 'something else',
      });
      assert.equal(mismatch.res.status, 422);
      assert.match(mismatch.html, /两次输入的新密码不一致/);
      const done = await agent.post('/staff/password', {
        currentPassword: 'correct horse battery',
        newPassword: 'a brand new secret',
        confirmPassword: 'a brand new secret',
      });
      assert.equal(done.res.status, 303);
      assert.equal((await agent.get('/staff')).res.status, 200);
    });
  });

  describe('CSRF and access', () => {
    it('refuses a signed-in form post without the CSRF token and writes nothing', async () => {
      const agent = await logInAs(t, 'root', 'correct horse battery');
      const [orgs, audits] = [await count(t, 'orgs'), await count(t, 'audit_log')];
      const res = await t.app.request('/staff/orgs/new', {
        method: 'POST',
        headers: {
          cookie: agent.cookies,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          parentCode: 'city',
          code: 'sneaky',
          name: '伪造',
          kind: 'department',
        }).toString(),
      });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /页面已过期/);
      assert.equal(await count(t, 'orgs'), orgs);
      assert.equal(await count(t, 'audit_log'), audits);
    });

    it("answers 403 to a town's admin on another town's organisation page and audits the refusal", async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      const { res, html } = await agent.get('/staff/orgs/town-b/edit');
      assert.equal(res.status, 403);
      assert.match(html, /无权访问/);
      assert.doesNotMatch(html, /乙镇人民政府/);
      const denied = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.denied')
        .where('actor_label', '=', 'admin-a')
        .execute();
      assert.ok(denied.some((r) => r.entity_id === 'GET /staff/orgs/town-b/edit'));
      // Posting to it is refused the same way and changes nothing.
      const post = await agent.post('/staff/orgs/town-b/edit', { name: '改名', kind: 'town' });
      assert.equal(post.res.status, 403);
      const org = await t.database.db
        .selectFrom('orgs')
        .select('name')
        .where('code', '=', 'town-b')
        .executeTakeFirstOrThrow();
      assert.equal(org.name, '乙镇人民政府');
    });

    it("refuses a town's admin another town's user page", async () => {
      const other = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'admin-b')
        .executeTakeFirstOrThrow();
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      assert.equal((await agent.get(`/staff/users/${other.id}`)).res.status, 403);
      assert.equal((await agent.get(`/staff/users/${other.id}/edit`)).res.status, 403);
    });
  });

  describe('organisations', () => {
    it('lists only the subtree in scope', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      const { html } = await agent.get('/staff/orgs');
      assert.match(html, /甲镇人民政府/);
      assert.match(html, /甲镇党政办/);
      assert.doesNotMatch(html, /乙镇人民政府/);
      assert.doesNotMatch(html, /id="org-city"/);
      assert.doesNotMatch(html, /id="org-town-b"/);
    });

    it('re-renders a bad create with every field error, keeps the input and writes nothing', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      await agent.get('/staff/orgs/new?parent=town-a');
      const [orgs, audits] = [await count(t, 'orgs'), await count(t, 'audit_log')];
      const { res, html } = await agent.post('/staff/orgs/new', {
        parentCode: 'town-a',
        code: 'Bad Code!',
        name: '甲镇财政所',
        kind: 'department',
        sortOrder: 'first',
        postcode: '12',
        email: 'not-an-email',
      });
      assert.equal(res.status, 422);
      assert.match(html, /<title>错误：/);
      assert.match(html, /class="error-summary"/);
      for (const field of ['code', 'sortOrder', 'postcode', 'email']) {
        assert.match(html, new RegExp(`href="#f-${field}"`), `summary links to ${field}`);
        assert.match(html, new RegExp(`id="f-${field}-error"`), `message at ${field}`);
      }
      assert.match(html, /排序号只能填写整数/);
      assert.match(html, /value="甲镇财政所"/);
      assert.equal(await count(t, 'orgs'), orgs);
      assert.equal(await count(t, 'audit_log'), audits);
    });

    it('creates, edits, and deactivates an organisation within scope, audited', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      await agent.get('/staff/orgs/new');
      const created = await agent.post('/staff/orgs/new', {
        parentCode: 'town-a',
        code: 'town-a-finance',
        name: '甲镇财政所',
        kind: 'department',
        sortOrder: '20',
        phone: '0769-12345678',
      });
      assert.equal(created.res.status, 303);
      const edit = await agent.get('/staff/orgs/town-a-finance/edit');
      assert.equal(edit.res.status, 200);
      assert.match(edit.html, /value="0769-12345678"/);
      const saved = await agent.post('/staff/orgs/town-a-finance/edit', {
        name: '甲镇财政和资产管理所',
        kind: 'department',
        sortOrder: '5',
        phone: '0769-12345678',
        address: '甲镇府前路 1 号',
      });
      assert.equal(saved.res.status, 303);
      const off = await agent.post('/staff/orgs/town-a-finance/active', { active: '0' });
      assert.equal(off.res.status, 303);
      const row = await t.database.db
        .selectFrom('orgs')
        .selectAll()
        .where('code', '=', 'town-a-finance')
        .executeTakeFirstOrThrow();
      assert.equal(row.name, '甲镇财政和资产管理所');
      assert.equal(row.address, '甲镇府前路 1 号');
      assert.equal(row.is_active, 0);
      const actions = (
        await t.database.db
          .selectFrom('audit_log')
          .select('action')
          .where('entity_type', '=', 'org')
          .where('entity_id', '=', String(row.id))
          .execute()
      ).map((r) => r.action);
      assert.deepEqual(actions.sort(), ['org.create', 'org.deactivate', 'org.update']);
    });

    it('moves an organisation with its subtree to another parent in scope', async () => {
      await buildOrg(t.database, { code: 'town-a-station', kind: 'department', parentCode: 'town-a-office' });
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      const page = await agent.get('/staff/orgs/town-a-station/move');
      assert.equal(page.res.status, 200);
      assert.doesNotMatch(page.html, /value="town-b"/);
      const moved = await agent.post('/staff/orgs/town-a-station/move', { parentCode: 'town-a' });
      assert.equal(moved.res.status, 303);
      const row = await t.database.db
        .selectFrom('orgs')
        .select('parent_id')
        .where('code', '=', 'town-a-station')
        .executeTakeFirstOrThrow();
      const townA = await t.database.db
        .selectFrom('orgs')
        .select('id')
        .where('code', '=', 'town-a')
        .executeTakeFirstOrThrow();
      assert.equal(row.parent_id, townA.id);
      const away = await agent.post('/staff/orgs/town-a-station/move', { parentCode: 'town-b' });
      assert.equal(away.res.status, 403);
    });

    it('shows why an organisation with active children cannot be deactivated', async () => {
      const agent = await logInAs(t, 'root', 'correct horse battery');
      const { res, html } = await agent.post('/staff/orgs/town-a/active', { active: '0' });
      assert.equal(res.status, 409);
      assert.match(html, /class="error-summary"/);
    });
  });

  describe('users', () => {
    it('creates an account with a password shown once and grants a role, both audited', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      await agent.get('/staff/users/new');
      const created = await agent.post('/staff/users/new', {
        username: 'clerk.a',
        displayName: '甲镇办事员',
        email: '',
        homeOrgCode: 'town-a',
        passwordMode: 'generate',
        mustChangePassword: '1',
      });
      assert.equal(created.res.status, 200);
      assert.equal(created.res.headers.get('cache-control'), 'no-store');
      const shown = /<p class="password-once"><code>([^<]+)<\/code>/.exec(created.html)?.[1];
      assert.ok(shown && shown.length >= 16);
      const user = await t.database.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'clerk.a')
        .executeTakeFirstOrThrow();
      assert.equal(user.must_change_password, 1);
      assert.ok(!user.password_hash.includes(shown));

      await agent.get(`/staff/users/${user.id}`);
      const granted = await agent.post(`/staff/users/${user.id}/grants`, {
        orgCode: 'town-a-office',
        role: 'editor',
      });
      assert.equal(granted.res.status, 303);
      const detail = await agent.get(`/staff/users/${user.id}`);
      assert.match(detail.html, /甲镇党政办/);
      assert.match(detail.html, /信息编辑/);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', String(user.id))
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audit.map((r) => [r.action, r.actor_label]),
        [
          ['user.create', 'admin-a'],
          ['user.grant_role', 'admin-a'],
        ],
      );
      assert.ok(audit.every((r) => !(r.after_json ?? '').includes(shown)));

      // The new account signs in with the password shown once.
      const clerk = createAgent(t);
      await clerk.get('/staff/login');
      const { res } = await clerk.post('/staff/login', { username: 'clerk.a', password: shown });
      assert.equal(res.headers.get('location'), '/staff/password');
    });

    it('refuses a grant the admin may not give, naming nothing written', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      const user = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'editor-a')
        .executeTakeFirstOrThrow();
      const grants = await count(t, 'role_grants');
      await agent.get(`/staff/users/${user.id}`);
      const { res } = await agent.post(`/staff/users/${user.id}/grants`, {
        orgCode: 'town-b',
        role: 'editor',
      });
      assert.equal(res.status, 403);
      const city = await agent.post(`/staff/users/${user.id}/grants`, {
        orgCode: 'town-a',
        role: 'city_admin',
      });
      assert.equal(city.res.status, 403);
      assert.equal(await count(t, 'role_grants'), grants);
    });

    it('names every bad field of a new account and writes nothing', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      await agent.get('/staff/users/new');
      const [users, audits] = [await count(t, 'users'), await count(t, 'audit_log')];
      const { res, html } = await agent.post('/staff/users/new', {
        username: 'x!',
        displayName: ' ',
        email: 'nope',
        homeOrgCode: 'town-a',
        passwordMode: 'typed',
        password: 'short',
      });
      assert.equal(res.status, 422);
      for (const field of ['username', 'displayName', 'email', 'password']) {
        assert.match(html, new RegExp(`href="#f-${field}"`), `summary links to ${field}`);
      }
      assert.doesNotMatch(html, /value="short"/);
      assert.equal(await count(t, 'users'), users);
      assert.equal(await count(t, 'audit_log'), audits);
    });

    it('edits an account and resets its password, ending its sessions', async () => {
      const clerk = await buildUser(t.database, { username: 'clerk.b', homeOrgCode: 'town-a' });
      const clerkAgent = await logInAs(t, 'clerk.b', 'correct horse battery');
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      await agent.get(`/staff/users/${clerk.id}/edit`);
      const bad = await agent.post(`/staff/users/${clerk.id}/edit`, {
        displayName: '乙',
        email: 'bad',
        homeOrgCode: 'town-a',
        isActive: '1',
      });
      assert.equal(bad.res.status, 422);
      assert.match(bad.html, /href="#f-email"/);
      const saved = await agent.post(`/staff/users/${clerk.id}/edit`, {
        displayName: '甲镇文书',
        email: 'clerk.b@example.gov.cn',
        homeOrgCode: 'town-a-office',
        isActive: '1',
      });
      assert.equal(saved.res.status, 303);
      await agent.get(`/staff/users/${clerk.id}/password`);
      const reset = await agent.post(`/staff/users/${clerk.id}/password`, { passwordMode: 'generate' });
      assert.equal(reset.res.status, 200);
      assert.match(reset.html, /密码已重置/);
      assert.equal((await clerkAgent.get('/staff')).res.status, 303);
      const row = await t.database.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', clerk.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.display_name, '甲镇文书');
      assert.equal(row.must_change_password, 1);
    });

    it('lists users in scope only, filtered by text', async () => {
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      const { html } = await agent.get('/staff/users');
      assert.match(html, />admin-a</);
      assert.doesNotMatch(html, />admin-b</);
      const filtered = await agent.get('/staff/users?q=editor');
      assert.match(filtered.html, />editor-a</);
      assert.doesNotMatch(filtered.html, />admin-a</);
      assert.equal((await agent.get('/staff/users?org=town-b')).res.status, 403);
    });
  });

  describe('audit log viewer', () => {
    it("shows a town's admin only their subtree's records and refuses the city's", async () => {
      const root = await logInAs(t, 'root', 'correct horse battery');
      await root.get('/staff/orgs/city/edit');
      const cityEdit = await root.post('/staff/orgs/city/edit', {
        name: '示例市人民政府',
        kind: 'government',
        sortOrder: '0',
        address: '市府大道 100 号',
      });
      assert.equal(cityEdit.res.status, 303);

      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      const { res, html } = await agent.get('/staff/audit');
      assert.equal(res.status, 200);
      assert.doesNotMatch(html, /市府大道 100 号/);
      assert.match(html, /甲镇/);
      const filtered = await agent.get('/staff/audit?org=city');
      assert.equal(filtered.res.status, 403);

      const cityView = await root.get('/staff/audit?action=org.update');
      assert.match(cityView.html, /市府大道 100 号/);
    });

    it('explains a bad date in the filter', async () => {
      const agent = await logInAs(t, 'root', 'correct horse battery');
      const { res, html } = await agent.get('/staff/audit?from=2026-02-30&to=2026-01-01');
      assert.equal(res.status, 422);
      assert.match(html, /href="#f-from"/);
    });

    it('filters by date range in the office time zone', async () => {
      const agent = await logInAs(t, 'root', 'correct horse battery');
      // The test clock is 2026-03-02T02:00Z, 10:00 in Asia/Shanghai.
      const today = await agent.get('/staff/audit?from=2026-03-02&to=2026-03-02');
      assert.doesNotMatch(today.html, /没有符合条件的记录/);
      const before = await agent.get('/staff/audit?to=2026-03-01');
      assert.match(before.html, /没有符合条件的记录/);
    });

    it('lets a city administrator verify the chain and nobody else', async () => {
      const root = await logInAs(t, 'root', 'correct horse battery');
      const { res, html } = await root.get('/staff/audit/verify');
      assert.equal(res.status, 200);
      assert.match(html, /校验通过/);
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      assert.equal((await agent.get('/staff/audit/verify')).res.status, 403);
    });
  });

  describe('copy', () => {
    it('has every staff message in simplified Chinese and English', () => {
      const zh = listMessageKeys('zh-CN').filter((k) => k.startsWith('staff.'));
      const en = new Set(listMessageKeys('en').filter((k) => k.startsWith('staff.')));
      assert.ok(zh.length > 100);
      assert.deepEqual(
        zh.filter((k) => !en.has(k)),
        [],
      );
      assert.equal(en.size, zh.length);
    });

    it('serves the login page in traditional Chinese and English', async () => {
      const tw = await t.app.request('/staff/login?lang=zh-TW');
      assert.match(await tw.text(), /工作人員登錄|工作人員登入/);
      const en = await t.app.request('/staff/login?lang=en');
      assert.match(await en.text(), /Staff sign-in/);
    });
  });

  describe('mail outbox', () => {
    it('lists a queued message for a city administrator, with a detail page', async () => {
      const id = await insertOutboxMessage(t.database.db, {
        to: 'applicant@example.com',
        subject: '您的政府信息公开申请已受理',
        text: '申请编号 2026-0001',
        html: null,
        createdAt: t.clock.now().toISOString(),
      });
      const root = await logInAs(t, 'root', 'correct horse battery');
      const { html } = await root.get('/staff/outbox');
      assert.match(html, /您的政府信息公开申请已受理/);
      assert.match(html, /applicant@example.com/);
      assert.match(html, /等待发送/);
      const detail = await root.get(`/staff/outbox/${id}`);
      assert.match(detail.html, /申请编号 2026-0001/);
      const agent = await logInAs(t, 'admin-a', 'correct horse battery');
      assert.equal((await agent.get('/staff/outbox')).res.status, 403);
    });
  });
});
