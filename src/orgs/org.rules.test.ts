import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildTree,
  checkOrgCode,
  checkOrgFacts,
  checkPlacement,
  flattenTree,
  isValidEmail,
  isValidPhone,
  isValidPostcode,
  isValidWebsite,
  parsePath,
  planImportOrder,
  rewritePath,
  wouldCreateCycle,
} from './org.rules.js';
import type { OrgKind } from './orgs.tables.js';

describe('organisation codes', () => {
  const cases: [string, boolean][] = [
    ['dg', true],
    ['dg-fgj', true],
    ['dg-humen-dzb', true],
    ['a1', true],
    ['x'.repeat(40), true],
    ['x'.repeat(41), false],
    ['d', false],
    ['DG', false],
    ['dg_fgj', false],
    ['dg fgj', false],
    ['东莞', false],
    ['-dg', false],
    ['dg-', false],
    ['dg--x', false],
    ['', false],
  ];
  for (const [code, ok] of cases) {
    it(`${ok ? 'accepts' : 'refuses'} "${code}"`, () => {
      assert.equal(checkOrgCode(code) === null, ok);
    });
  }
  it('refuses codes that the public site uses as paths under /xxgk/', () => {
    assert.equal(checkOrgCode('catalog'), 'orgs.error.code_reserved');
    assert.equal(checkOrgCode('search'), 'orgs.error.code_reserved');
    assert.equal(checkOrgCode('catalogue'), null);
  });
});

describe('where each kind may sit', () => {
  const cases: [OrgKind, OrgKind | null, string | null][] = [
    ['government', null, null],
    ['department', null, 'orgs.error.root_must_be_government'],
    ['town', null, 'orgs.error.root_must_be_government'],
    ['government', 'government', 'orgs.error.government_must_be_root'],
    ['government', 'department', 'orgs.error.government_must_be_root'],
    ['department', 'government', null],
    ['department', 'town', null],
    ['department', 'department', null],
    ['town', 'government', null],
    ['town', 'town', 'orgs.error.town_parent_must_be_government'],
    ['town', 'department', 'orgs.error.town_parent_must_be_government'],
  ];
  for (const [kind, parent, expected] of cases) {
    it(`${kind} under ${parent ?? '(nothing)'} → ${expected ?? 'allowed'}`, () => {
      assert.equal(checkPlacement(kind, parent), expected);
    });
  }
});

describe('公开指南 fact formats', () => {
  const phones: [string, boolean][] = [
    ['0769-2283 1234', true],
    ['(0769) 22831234', true],
    ['（0769）22831234', true],
    ['0769-22831234转8001', true],
    ['+86 769 2283 1234', true],
    ['12345', true],
    ['1234', false],
    ['0769-2283x1234', false],
    ['call us', false],
    ['0769/22831234', false],
  ];
  for (const [value, ok] of phones)
    it(`phone "${value}" → ${ok}`, () => assert.equal(isValidPhone(value), ok));

  const emails: [string, boolean][] = [
    ['xxgk@fgj.dongguan-demo.invalid', true],
    ['a.b@example.org', true],
    ['no-at-sign.example.org', false],
    ['a@b', false],
    ['a b@example.org', false],
  ];
  for (const [value, ok] of emails)
    it(`e-mail "${value}" → ${ok}`, () => assert.equal(isValidEmail(value), ok));

  const sites: [string, boolean][] = [
    ['https://www.dongguan-demo.invalid/', true],
    ['http://example.org/xxgk?x=1', true],
    ['ftp://example.org/', false],
    ['www.example.org', false],
    ['https://', false],
    ['javascript:alert(1)', false],
  ];
  for (const [value, ok] of sites)
    it(`website "${value}" → ${ok}`, () => assert.equal(isValidWebsite(value), ok));

  const postcodes: [string, boolean][] = [
    ['523000', true],
    ['52300', false],
    ['5230000', false],
    ['52300a', false],
  ];
  for (const [value, ok] of postcodes)
    it(`postcode "${value}" → ${ok}`, () => assert.equal(isValidPostcode(value), ok));

  it('names every bad field, skips absent ones, allows clearing all but the name', () => {
    assert.deepEqual(
      checkOrgFacts({
        name: ' ',
        phone: 'abc',
        fax: null,
        email: 'x',
        website: 'www.x',
        postcode: '1',
        address: undefined,
      }),
      [
        { field: 'name', message: 'orgs.error.name_required' },
        { field: 'postcode', message: 'orgs.error.postcode_format' },
        { field: 'phone', message: 'orgs.error.phone_format' },
        { field: 'email', message: 'orgs.error.email_format' },
        { field: 'website', message: 'orgs.error.website_format' },
      ],
    );
    assert.deepEqual(checkOrgFacts({ shortName: 'x'.repeat(41) }), [
      { field: 'shortName', message: 'orgs.error.too_long', params: { max: 40 } },
    ]);
    assert.deepEqual(checkOrgFacts({}), []);
  });
});

describe('paths and moves', () => {
  it('parses a path root first', () => assert.deepEqual(parsePath('/1/7/12/'), [1, 7, 12]));
  const cycles: [string, string, boolean][] = [
    ['/1/7/', '/1/7/', true],
    ['/1/7/', '/1/7/12/', true],
    ['/1/7/', '/1/8/', false],
    ['/1/7/', '/1/', false],
    ['/1/7/', '/1/70/', false],
  ];
  for (const [path, target, cyclic] of cycles) {
    it(`moving ${path} under ${target} ${cyclic ? 'is' : 'is not'} a cycle`, () =>
      assert.equal(wouldCreateCycle(path, target), cyclic));
  }
  it('rewrites a descendant path', () => {
    assert.equal(rewritePath('/1/7/12/', '/1/7/', '/1/8/7/'), '/1/8/7/12/');
    assert.throws(() => rewritePath('/1/9/', '/1/7/', '/1/8/7/'));
  });
});

describe('import order', () => {
  const none = new Map<string, string | null>();

  it('writes parents before children even when they come later in the file', () => {
    const plan = planImportOrder(
      [
        { code: 'c', parent: 'b' },
        { code: 'b', parent: 'a' },
        { code: 'a', parent: null },
        { code: 'd', parent: 'a' },
      ],
      none,
    );
    assert.deepEqual(plan, { order: [2, 1, 3, 0], unknownParent: [], cyclic: [], blocked: [] });
  });

  it('resolves parents that already exist', () => {
    const existing = new Map<string, string | null>([
      ['dg', null],
      ['dg-fgj', 'dg'],
    ]);
    const plan = planImportOrder([{ code: 'dg-fgj-x', parent: 'dg-fgj' }], existing);
    assert.deepEqual(plan.order, [0]);
  });

  it('reports unknown parents, cycles and what hangs below them', () => {
    const plan = planImportOrder(
      [
        { code: 'a', parent: null },
        { code: 'x', parent: 'nowhere' },
        { code: 'p', parent: 'q' },
        { code: 'q', parent: 'p' },
        { code: 'r', parent: 'p' },
        { code: 's', parent: 's' },
        { code: 'y', parent: 'x' },
      ],
      none,
    );
    assert.deepEqual(plan, { order: [0], unknownParent: [1], cyclic: [2, 3, 5], blocked: [4, 6] });
  });

  it('finds a cycle through organisations not in the file', () => {
    // dg → a → b exists; the file puts a under b.
    const existing = new Map<string, string | null>([
      ['dg', null],
      ['a', 'dg'],
      ['b', 'a'],
    ]);
    assert.deepEqual(planImportOrder([{ code: 'a', parent: 'b' }], existing).cyclic, [0]);
  });

  it('orders by depth in the resulting tree so no move passes through a descendant', () => {
    // Today dg → n → m → p. The file makes m a child of dg and n a child of p: dg → m → p → n.
    const existing = new Map<string, string | null>([
      ['dg', null],
      ['n', 'dg'],
      ['m', 'n'],
      ['p', 'm'],
    ]);
    const plan = planImportOrder(
      [
        { code: 'n', parent: 'p' },
        { code: 'm', parent: 'dg' },
      ],
      existing,
    );
    assert.deepEqual(plan, { order: [1, 0], unknownParent: [], cyclic: [], blocked: [] });
  });
});

describe('tree building', () => {
  it('orders siblings by sort order then name and nests children', () => {
    const rows = [
      { id: 1, parent_id: null, sort_order: 0, name: '市政府' },
      { id: 2, parent_id: 1, sort_order: 2, name: 'B' },
      { id: 3, parent_id: 1, sort_order: 1, name: 'Z' },
      { id: 4, parent_id: 1, sort_order: 2, name: 'A' },
      { id: 5, parent_id: 4, sort_order: 0, name: 'A1' },
    ];
    const flat = flattenTree(buildTree(rows)).map((n) => `${n.depth}:${n.org.name}`);
    assert.deepEqual(flat, ['0:市政府', '1:Z', '1:A', '2:A1', '1:B']);
  });
});
