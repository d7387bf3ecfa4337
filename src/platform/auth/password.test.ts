import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CURRENT_PARAMS,
  checkPasswordPolicy,
  generatePassword,
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
} from './password.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores a self-describing scrypt hash with the current parameters and a fresh salt', async () => {
    const a = await hashPassword('一个足够长的密码 secret');
    const b = await hashPassword('一个足够长的密码 secret');
    assert.match(
      a,
      new RegExp(
        `^scrypt\\$${CURRENT_PARAMS.N}\\$${CURRENT_PARAMS.r}\\$${CURRENT_PARAMS.p}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`,
      ),
    );
    assert.notEqual(a, b);
    assert.ok(!a.includes('secret'));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    assert.equal(await verifyPassword('correct horse battery', stored), true);
    assert.equal(await verifyPassword('correct horse batterY', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  it('treats composed and decomposed Unicode forms of a password alike', async () => {
    const stored = await hashPassword('café au lait 1234', CHEAP);
    assert.equal(await verifyPassword('cafe\u0301 au lait 1234', stored), true);
  });

  it('rejects malformed or tampered stored hashes instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$x',
      'scrypt$1000$8$1$c2FsdA==$a2V5',
      'scrypt$1024$8$1$$',
      'scrypt$4194304$8$1$c2FsdA==$a2V5',
    ]) {
      assert.equal(await verifyPassword('anything at all', stored), false, stored);
    }
  });

  it('asks for a re-hash when the stored parameters differ from the current ones', async () => {
    assert.equal(needsRehash(await hashPassword('correct horse battery', CHEAP)), true);
    assert.equal(needsRehash(await hashPassword('correct horse battery')), false);
    assert.equal(needsRehash('garbage'), true);
  });

  it('spends a real verification on unknown users and always fails', async () => {
    assert.equal(await verifyDummyPassword('whatever password'), false);
  });
});

describe('password policy', () => {
  const cases: { password: string; username: string; expected: string[] }[] = [
    { password: 'a good long secret', username: 'zhangsan', expected: [] },
    { password: '长城长城长城长城长城', username: 'zhangsan', expected: [] },
    { password: 'short', username: 'zhangsan', expected: ['auth.password.too_short'] },
    { password: '九个汉字的密码而已', username: 'zhangsan', expected: ['auth.password.too_short'] },
    {
      password: 'zhangsan.office',
      username: 'zhangsan.office',
      expected: ['auth.password.same_as_username'],
    },
    {
      password: 'ZhangSan.Office',
      username: 'zhangsan.office',
      expected: ['auth.password.same_as_username'],
    },
    { password: 'aaaaaaaaaaaa', username: 'zhangsan', expected: ['auth.password.one_character'] },
    {
      password: 'aaa',
      username: 'zhangsan',
      expected: ['auth.password.too_short', 'auth.password.one_character'],
    },
    { password: 'x'.repeat(1025) + 'y', username: 'zhangsan', expected: ['auth.password.too_long'] },
  ];
  for (const c of cases) {
    it(`${c.expected.length ? 'refuses' : 'accepts'} ${JSON.stringify(c.password.slice(0, 20))} for ${c.username}${c.expected.length ? ` (${c.expected.join(', ')})` : ''}`, () => {
      const problems = checkPasswordPolicy(c.password, c.username);
      assert.deepEqual(
        problems.map((p) => p.message),
        c.expected,
      );
      assert.ok(problems.every((p) => p.field === 'password'));
    });
  }

  it('names the field it is told to', () => {
    assert.deepEqual(
      checkPasswordPolicy('short', 'u', 'newPassword').map((p) => p.field),
      ['newPassword'],
    );
  });

  it('generates passwords that pass the policy and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const password = generatePassword();
      assert.equal(password.length, 20);
      assert.match(password, /^[a-zA-Z2-9]+$/);
      assert.deepEqual(checkPasswordPolicy(password, 'someone'), []);
      seen.add(password);
    }
    assert.equal(seen.size, 50);
  });
});
