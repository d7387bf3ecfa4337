import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { createOrg } from './create-org.js';
import { findOrgByCode, listAncestors } from './orgs.repository.js';
import { buildGuide } from './guide.js';

describe('公开指南 data', () => {
  let t: TestDatabase;
  let ctx: UseCaseContext;
  before(async () => {
    t = await createTestDatabase();
    ctx = {
      database: t.database,
      principal: systemPrincipal('test'),
      meta: {},
      now: new Date('2026-03-02T01:00:00Z'),
    };
    await createOrg(ctx, { code: 'dg', name: '东莞市人民政府', kind: 'government' });
    await createOrg(ctx, {
      code: 'dg-humen',
      name: '虎门镇人民政府',
      kind: 'town',
      parentCode: 'dg',
      officeName: '虎门镇党政办公室',
      address: '虎门镇某路1号（演示地址）',
      postcode: '523900',
      officeHours: '工作日 上午9:00-12:00，下午14:00-17:30',
      phone: '0769-0000 1234',
      email: 'xxgk@humen.dongguan-demo.invalid',
    });
  });
  after(() => t.cleanup());

  it('flags missing facts instead of inventing them', async () => {
    const org = (await findOrgByCode(t.database.db, 'dg-humen'))!;
    const guide = buildGuide(org, await listAncestors(t.database.db, org));
    assert.deepEqual(guide.parents, [{ code: 'dg', name: '东莞市人民政府' }]);
    assert.deepEqual(guide.missing, ['fax', 'website']);
    assert.equal(guide.isComplete, false);
    const fax = guide.office.find((f) => f.field === 'fax')!;
    assert.deepEqual(fax, {
      field: 'fax',
      labelKey: 'guide.fact.fax',
      value: null,
      isMissing: true,
      isRequired: true,
    });
    assert.equal(guide.office.find((f) => f.field === 'phone')?.value, '0769-0000 1234');
    assert.deepEqual(
      guide.access.onRequest.map((c) => [c.kind, c.isMissing]),
      [
        ['online', false],
        ['letter', false],
        ['in_person', false],
        ['fax', true],
      ],
    );
    assert.equal(
      guide.access.onRequest.find((c) => c.kind === 'letter')?.value,
      '虎门镇某路1号（演示地址）（523900）',
    );
    // 条例第二十条's fifteen categories, plus 第二十一条's for towns.
    assert.equal(guide.classification.categories.length, 16);
    assert.equal(guide.classification.categories.at(-1)?.key, 'guide.category.art21_town');
    assert.equal(guide.access.answerWorkingDays, 20);
  });

  it('marks a root with no facts as incomplete on every required fact', async () => {
    const org = (await findOrgByCode(t.database.db, 'dg'))!;
    const guide = buildGuide(org, []);
    assert.deepEqual(guide.missing, [
      'officeName',
      'address',
      'officeHours',
      'phone',
      'fax',
      'email',
      'website',
    ]);
    assert.equal(guide.classification.categories.at(-1)?.key, 'guide.category.art21_city');
  });
});
