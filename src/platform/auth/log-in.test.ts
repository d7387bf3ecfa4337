import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { buildOrg, buildUser } from '../../../test/support/factories.js';
import type { UseCaseContext } from '../use-case.js';
import { AppError } from '../errors.js';
import { verifyAuditChain } from '../audit/audit.js';
import { anonymousPrincipal } from './principal.js';
import { findSession } from './sessions.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { logIn } from './log-in.js';

const loginConfig = { maxFailures: 3, lockMinutes: 15 };
const sessionConfig = { idleMinutes: 30, maxHours: 8 };
const t0 = new Date('2026-03-02T01:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const PASSWORD = 'the right password';

function at(t: TestDatabase, now: Date, ip = '192.0.2.1'): UseCaseContext {
  return { database: t.database, principal: anonymousPrincipal(), meta: { ip, userAgent: 'test' }, now };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('logIn', () => {
  let t: TestDatabase;

  before(async () => {
    t = await createTestDatabase();
    await buildOrg(t.database, { code: 'city', kind: 'government' });
    for (const username of ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi']) {
      await buildUser(t.database, { username, password: PASSWORD, homeOrgCode: 'city' });
    }
    await buildUser(t.database, {
      username: 'retired',
      password: PASSWORD,
      homeOrgCode: 'city',
      isActive: false,
    });
  });
  after(() => t.cleanup());

  it('opens a session for the right password, records the attempt and audits the sign-in', async () => {
    const result = await logIn(
      at(t, t0),
      { username: ' ZhangSan ', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
    assert.equal(result.user.username, 'zhangsan');
    assert.equal(result.expiresAt, minutes(8 * 60).toISOString());
    const found = await findSession(t.database, result.token, minutes(1), sessionConfig);
    assert.equal(found?.user.id, result.user.id);
    assert.equal(found?.session.csrfToken, result.csrfToken);
    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', result.user.id)
      .executeTakeFirstOrThrow();
    assert.equal(user.last_login_at, t0.toISOString());
    const attempts = await t.database.db.selectFrom('login_attempts').selectAll().execute();
    assert.deepEqual(
      attempts.map((a) => [a.username_key, a.ip, a.at, a.succeeded]),
      [['zhangsan', '192.0.2.1', t0.toISOString(), 1]],
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor_user_id, result.user.id);
    assert.equal(audit.ip, '192.0.2.1');
    assert.ok(!JSON.stringify(audit).includes(PASSWORD));
  });

  it('gives the same error for a wrong password, an unknown user and a deactivated account', async () => {
    const wrong = await rejection(
      logIn(at(t, t0), { username: 'lisi', password: 'not the password' }, loginConfig, sessionConfig),
    );
    const unknown = await rejection(
      logIn(at(t, t0), { username: 'nobody', password: 'not the password' }, loginConfig, sessionConfig),
    );
    const retired = await rejection(
      logIn(at(t, t0), { username: 'retired', password: PASSWORD }, loginConfig, sessionConfig),
    );
    for (const err of [wrong, unknown, retired]) {
      assert.equal(err.code, 'INVALID_CREDENTIALS');
      assert.equal(err.message, 'auth.error.invalid_credentials');
      assert.deepEqual(err.details, wrong.details);
    }
    const failed = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .execute();
    assert.deepEqual(
      failed.map((r) => JSON.parse(r.after_json ?? 'null') as unknown),
      [{ username: 'lisi' }, { username: 'nobody' }, { username: 'retired' }],
    );
    const everything = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
    assert.ok(!everything.includes('not the password') && !everything.includes(PASSWORD));
    assert.equal((await verifyAuditChain(t.database.db)).ok, true);
  });

  it('throttles a username after maxFailures, even with the right password, until the window passes', async () => {
    for (let i = 0; i < loginConfig.maxFailures; i++) {
      const err = await rejection(
        logIn(
          at(t, minutes(i)),
          { username: 'wangwu', password: 'guess number one' },
          loginConfig,
          sessionConfig,
        ),
      );
      assert.equal(err.code, 'INVALID_CREDENTIALS');
    }
    const throttled = await rejection(
      logIn(at(t, minutes(3)), { username: 'WangWu', password: PASSWORD }, loginConfig, sessionConfig),
    );
    assert.equal(throttled.code, 'THROTTLED');
    assert.equal(throttled.details.params?.minutes, 15);
    // Other usernames from the same address are not affected.
    await logIn(at(t, minutes(3)), { username: 'zhaoliu', password: PASSWORD }, loginConfig, sessionConfig);
    // Still inside the window of the failures: refused again (and that attempt counts too).
    const again = await rejection(
      logIn(at(t, minutes(10)), { username: 'wangwu', password: PASSWORD }, loginConfig, sessionConfig),
    );
    assert.equal(again.code, 'THROTTLED');
    // 15 minutes on, fewer than maxFailures remain in the window: the right password works again.
    const ok = await logIn(
      at(t, minutes(26)),
      { username: 'wangwu', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
    assert.equal(ok.user.username, 'wangwu');
    const throttledAudits = await t.database.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'auth.login_throttled')
      .execute();
    assert.deepEqual(
      throttledAudits.map((r) => r.after_json),
      ['{"username":"wangwu"}', '{"username":"wangwu"}'],
    );
  });

  it('forgets earlier failures of a username after a successful sign-in', async () => {
    const base = 100;
    for (let i = 0; i < loginConfig.maxFailures - 1; i++) {
      await rejection(
        logIn(
          at(t, minutes(base + i)),
          { username: 'sunqi', password: 'wrong guess here' },
          loginConfig,
          sessionConfig,
        ),
      );
    }
    await logIn(
      at(t, minutes(base + 3)),
      { username: 'sunqi', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
    const err = await rejection(
      logIn(
        at(t, minutes(base + 4)),
        { username: 'sunqi', password: 'one more typo' },
        loginConfig,
        sessionConfig,
      ),
    );
    assert.equal(err.code, 'INVALID_CREDENTIALS');
    await logIn(
      at(t, minutes(base + 5)),
      { username: 'sunqi', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
  });

  it('throttles an address after four times maxFailures across usernames', async () => {
    const base = 200;
    const ip = '198.51.100.7';
    for (let i = 0; i < loginConfig.maxFailures * 4; i++) {
      const err = await rejection(
        logIn(
          at(t, minutes(base), ip),
          { username: `guess${i}`, password: 'password guess' },
          loginConfig,
          sessionConfig,
        ),
      );
      assert.equal(err.code, 'INVALID_CREDENTIALS');
    }
    const throttled = await rejection(
      logIn(
        at(t, minutes(base + 1), ip),
        { username: 'lisi', password: PASSWORD },
        loginConfig,
        sessionConfig,
      ),
    );
    assert.equal(throttled.code, 'THROTTLED');
    const fromElsewhere = await logIn(
      at(t, minutes(base + 1), '203.0.113.5'),
      { username: 'lisi', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
    assert.equal(fromElsewhere.user.username, 'lisi');
    const later = await logIn(
      at(t, minutes(base + 17), ip),
      { username: 'lisi', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
    assert.equal(later.user.username, 'lisi');
  });

  it('names the missing field and records nothing for an empty form', async () => {
    const before = await t.database.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const err = await rejection(
      logIn(at(t, minutes(300)), { username: ' ', password: '' }, loginConfig, sessionConfig),
    );
    assert.equal(err.code, 'VALIDATION');
    assert.deepEqual(
      err.details.fields?.map((f) => f.field),
      ['username', 'password'],
    );
    const afterCount = await t.database.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  it('re-hashes a password stored with older parameters on a successful sign-in', async () => {
    const old = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
    const { id } = await buildUser(t.database, { username: 'oldtimer', homeOrgCode: 'city' });
    await t.database.db.updateTable('users').set({ password_hash: old }).where('id', '=', id).execute();
    await logIn(
      at(t, minutes(400)),
      { username: 'oldtimer', password: PASSWORD },
      loginConfig,
      sessionConfig,
    );
    const { password_hash } = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.notEqual(password_hash, old);
    assert.equal(needsRehash(password_hash), false);
    assert.equal(await verifyPassword(PASSWORD, password_hash), true);
  });
});
