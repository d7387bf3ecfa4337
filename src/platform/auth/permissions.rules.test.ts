import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.js';
import { anonymousPrincipal, systemPrincipal, type Principal } from './principal.js';
import type { Role } from './roles.js';
import {
  ACTIONS,
  assertCan,
  can,
  canGrantRole,
  canManageUser,
  isWithin,
  scopeOf,
  type Action,
} from './permissions.rules.js';

// The tree: city /1/, town A /1/7/ with its office /1/7/12/, town B /1/8/, town C /1/70/.
const CITY = '/1/';
const TOWN_A = '/1/7/';
const TOWN_A_OFFICE = '/1/7/12/';
const TOWN_B = '/1/8/';
const TOWN_C = '/1/70/';

function staff(...grants: [Role, string][]): Principal {
  return {
    kind: 'staff',
    userId: 42,
    username: 'someone',
    grants: grants.map(([role, orgPath]) => ({ role, orgPath, orgId: Number(orgPath.split('/').at(-2)) })),
  };
}

const cityAdmin = staff(['city_admin', CITY]);
const townAdmin = staff(['org_admin', TOWN_A]);
const townEditor = staff(['editor', TOWN_A]);
const supervisor = staff(['supervisor', CITY]);
const caseHandlerC = staff(['case_handler', TOWN_C]);

describe('isWithin', () => {
  const cases: [string, string, boolean][] = [
    [TOWN_A, TOWN_A, true],
    [TOWN_A_OFFICE, TOWN_A, true],
    [TOWN_A, CITY, true],
    [CITY, TOWN_A, false],
    [TOWN_B, TOWN_A, false],
    [TOWN_C, TOWN_A, false], // '/1/70/' starts with '/1/7' but not with '/1/7/'
    [TOWN_A, '/1/7', false], // a path without its trailing slash reaches nothing
    ['/1/70', '/1/7', false],
    [TOWN_A, '', false],
    ['', CITY, false],
  ];
  for (const [orgPath, scopePath, expected] of cases) {
    it(`${expected ? 'puts' : 'does not put'} ${orgPath || '(empty)'} within ${scopePath || '(empty)'}`, () => {
      assert.equal(isWithin(orgPath, scopePath), expected);
    });
  }
});

describe('can', () => {
  const cases: [string, Principal, Action, string, boolean][] = [
    ['the city admin manages users anywhere', cityAdmin, 'user.manage', TOWN_B, true],
    ['the city admin edits the catalog of a town office', cityAdmin, 'catalog.edit', TOWN_A_OFFICE, true],
    ["a town's org_admin manages users of its own town", townAdmin, 'user.manage', TOWN_A, true],
    ["a town's org_admin manages users of an office below it", townAdmin, 'user.manage', TOWN_A_OFFICE, true],
    ["a town's org_admin cannot manage a sibling town", townAdmin, 'user.manage', TOWN_B, false],
    [
      "a town's org_admin cannot manage the town whose path extends its own",
      townAdmin,
      'user.manage',
      TOWN_C,
      false,
    ],
    ["a town's org_admin cannot manage the city above", townAdmin, 'user.manage', CITY, false],
    ["a town's org_admin manages its town's structure", townAdmin, 'org.manage', TOWN_A_OFFICE, true],
    ["a town's org_admin does not handle applications", townAdmin, 'request.handle', TOWN_A, false],
    ['an editor cannot manage users', townEditor, 'user.manage', TOWN_A, false],
    ['an editor cannot read the staff list', townEditor, 'user.read', TOWN_A, false],
    ['an editor edits the catalog of its town', townEditor, 'catalog.edit', TOWN_A_OFFICE, true],
    ['an editor cannot edit the catalog of another town', townEditor, 'catalog.edit', TOWN_B, false],
    ['the city supervisor reads users in any town', supervisor, 'user.read', TOWN_B, true],
    ['the city supervisor reads applications in any town', supervisor, 'request.read', TOWN_A_OFFICE, true],
    ['the city supervisor reads the audit log', supervisor, 'audit.read', CITY, true],
    ['a case handler of /1/70/ does not reach /1/7/', caseHandlerC, 'request.handle', TOWN_A, false],
    ['a case handler of /1/70/ handles its own town', caseHandlerC, 'request.handle', TOWN_C, true],
    ['nobody signed in can do nothing', anonymousPrincipal(), 'org.read', CITY, false],
    ['the system can do anything', systemPrincipal(), 'user.manage', TOWN_B, true],
  ];
  for (const [behaviour, principal, action, orgPath, expected] of cases) {
    it(behaviour, () => assert.equal(can(principal, action, { orgPath }), expected));
  }

  it('never lets a supervisor change anything, anywhere', () => {
    const changes = (Object.keys(ACTIONS) as Action[]).filter((a) => !a.endsWith('.read'));
    assert.ok(changes.length > 5);
    for (const action of changes) {
      for (const orgPath of [CITY, TOWN_A, TOWN_A_OFFICE]) {
        assert.equal(can(supervisor, action, { orgPath }), false, `${action} on ${orgPath}`);
      }
    }
  });

  it('throws FORBIDDEN with an i18n key from assertCan', () => {
    assert.throws(
      () => assertCan(townEditor, 'user.manage', { orgPath: TOWN_A }),
      (err: unknown) =>
        err instanceof AppError && err.code === 'FORBIDDEN' && err.message === 'auth.error.forbidden',
    );
    assert.doesNotThrow(() => assertCan(townAdmin, 'user.manage', { orgPath: TOWN_A }));
  });
});

describe('scopeOf', () => {
  it('gives the system everything', () => assert.equal(scopeOf(systemPrincipal(), 'user.read'), 'all'));

  it('keeps only the minimal paths, dropping those inside another', () => {
    const p = staff(
      ['org_admin', TOWN_A_OFFICE],
      ['org_admin', TOWN_A],
      ['org_admin', TOWN_C],
      ['editor', TOWN_B],
    );
    assert.deepEqual(scopeOf(p, 'user.manage'), [TOWN_A, TOWN_C]);
  });

  it('keeps /1/7/ and /1/70/ apart', () => {
    assert.deepEqual(scopeOf(staff(['supervisor', TOWN_C], ['supervisor', TOWN_A]), 'user.read'), [
      TOWN_A,
      TOWN_C,
    ]);
  });

  it('collapses to the city root for a city-wide role', () => {
    assert.deepEqual(scopeOf(staff(['org_admin', TOWN_A], ['supervisor', CITY]), 'user.read'), [CITY]);
  });

  it('is empty for a principal without a role allowing the action', () => {
    assert.deepEqual(scopeOf(townEditor, 'user.read'), []);
    assert.deepEqual(scopeOf(anonymousPrincipal(), 'org.read'), []);
  });
});

describe('canGrantRole', () => {
  const cases: [string, Principal, Role, string, boolean][] = [
    ["a town's org_admin grants editor in its town", townAdmin, 'editor', TOWN_A_OFFICE, true],
    ["a town's org_admin grants org_admin in its town", townAdmin, 'org_admin', TOWN_A, true],
    ["a town's org_admin cannot grant in another town", townAdmin, 'editor', TOWN_B, false],
    ["a town's org_admin cannot grant city_admin even in its town", townAdmin, 'city_admin', TOWN_A, false],
    ["a town's org_admin cannot grant supervisor even in its town", townAdmin, 'supervisor', TOWN_A, false],
    ['the city admin grants city_admin', cityAdmin, 'city_admin', CITY, true],
    ['the city admin grants supervisor on a town', cityAdmin, 'supervisor', TOWN_B, true],
    ['a supervisor grants nothing', supervisor, 'editor', TOWN_A, false],
    ['an editor grants nothing', townEditor, 'editor', TOWN_A, false],
    ['the system grants anything', systemPrincipal(), 'city_admin', CITY, true],
  ];
  for (const [behaviour, principal, role, orgPath, expected] of cases) {
    it(behaviour, () => assert.equal(canGrantRole(principal, role, orgPath), expected));
  }
});

describe('canManageUser', () => {
  const cases: [string, Principal, string[], boolean][] = [
    ["a town's org_admin manages an account of its town", townAdmin, [TOWN_A], true],
    [
      "a town's org_admin manages an account with grants in its town's offices",
      townAdmin,
      [TOWN_A, TOWN_A_OFFICE],
      true,
    ],
    ["a town's org_admin cannot manage an account of another town", townAdmin, [TOWN_B], false],
    [
      "a town's org_admin cannot manage a city admin whose home is the town",
      townAdmin,
      [TOWN_A, CITY],
      false,
    ],
    ["a town's org_admin cannot manage an account without home or grants", townAdmin, [], false],
    ['the city admin manages an account without home or grants', cityAdmin, [], true],
    ['the city admin manages any account', cityAdmin, [TOWN_B, CITY], true],
    ['a supervisor manages no account', supervisor, [TOWN_A], false],
    ['the system manages any account', systemPrincipal(), [], true],
  ];
  for (const [behaviour, principal, orgPaths, expected] of cases) {
    it(behaviour, () => assert.equal(canManageUser(principal, { orgPaths }), expected));
  }
});
