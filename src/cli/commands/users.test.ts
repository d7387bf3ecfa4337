import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { cliEnvFor, runCli } from '../../../test/support/cli.js';
import { buildOrg } from '../../../test/support/factories.js';
import { verifyPassword } from '../../platform/auth/password.js';

describe('gongkai users add', () => {
  let t: TestDatabase;
  let env: Record<string, string>;

  const counts = async () => {
    const { db } = t.database;
    const n = async (table: 'users' | 'role_grants' | 'audit_log') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { users: await n('users'), grants: await n('role_grants'), audits: await n('audit_log') };
  };

  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
    await buildOrg(t.database, { code: 'city', kind: 'government' });
  });
  after(() => t.cleanup());

  it('creates the account with its roles and prints a generated password once', async () => {
    const r = await runCli(
      [
        'users',
        'add',
        'ZhangSan',
        '--name',
        '张三',
        '--org',
        'city',
        '--role',
        'city_admin',
        '--role',
        'supervisor',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const password = /Password \(shown once[^)]*\): (\S+)/.exec(r.stdout)?.[1];
    assert.ok(password, r.stdout);
    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'zhangsan')
      .executeTakeFirstOrThrow();
    assert.equal(user.display_name, '张三');
    assert.equal(user.must_change_password, 1);
    assert.equal(await verifyPassword(password, user.password_hash), true);
    const roles = await t.database.db
      .selectFrom('role_grants')
      .select('role')
      .where('user_id', '=', user.id)
      .execute();
    assert.deepEqual(roles.map((g) => g.role).sort(), ['city_admin', 'supervisor']);
  });

  it('uses a given password without printing it', async () => {
    const r = await runCli(
      [
        'users',
        'add',
        'lisi',
        '--name',
        '李四',
        '--org',
        'city',
        '--role',
        'editor',
        '--password',
        'given secret 123',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('given secret 123'));
  });

  it('exits non-zero with one line naming the option, writing nothing', async () => {
    const before = await counts();
    const cases: [string[], RegExp][] = [
      [['users', 'add', 'wangwu', '--name', '王五', '--org', 'nowhere', '--role', 'editor'], /--org: /],
      [['users', 'add', 'wangwu', '--name', '王五', '--org', 'city', '--role', 'king'], /unknown role king/],
      [['users', 'add', 'wangwu', '--name', '王五', '--org', 'city'], /--role is required/],
      [['users', 'add', 'lisi', '--name', '李四', '--org', 'city', '--role', 'editor'], /USERNAME: .*taken/],
      [
        [
          'users',
          'add',
          'wangwu',
          '--name',
          '王五',
          '--org',
          'city',
          '--role',
          'editor',
          '--password',
          'short',
        ],
        /--password: .*at least 10/,
      ],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli(args, env);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.deepEqual(await counts(), before);
  });
});
