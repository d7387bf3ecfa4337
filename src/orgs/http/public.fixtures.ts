import type { Database } from '../../platform/db/database.js';
import { updateOrgRow, type OrgPatch } from '../orgs.repository.js';
import { buildOrg, buildUser } from '../../../test/support/factories.js';

/**
 * Test fixture for the public pages (integration and browser tests): a small fictitious city with a
 * complete guide for the city government, a department with most facts missing, sub-offices under a
 * department and a town, an inactive department, and one staff account whose details must never
 * appear on a public page.
 */
export const PUBLIC_FIXTURE = {
  city: {
    code: 'city',
    name: '示范市人民政府',
    nameEn: 'Shifan Municipal People’s Government',
    facts: {
      office_name: '示范市人民政府办公室政务公开科',
      address: '示范市人民路1号',
      postcode: '510000',
      office_hours: '工作日上午9:00至12:00，下午14:00至17:30',
      phone: '0000-12345678',
      fax: '0000-12345679',
      email: 'xxgk@city.example.gov.cn',
      website: 'https://city.example.gov.cn',
      functions: '负责本市政府信息公开工作的组织协调和指导推进。',
    },
  },
  /** Only the office name and phone given: everything else must read 未提供. */
  partial: {
    code: 'fgw',
    name: '示范市发展和改革委员会',
    officeName: '示范市发展和改革委员会办公室',
    phone: '0000-22223333',
  },
  department: { code: 'jyj', name: '示范市教育局', nameEn: 'Shifan Education Bureau' },
  departmentOffice: { code: 'jyj-kszx', name: '示范市教育考试中心' },
  town: { code: 'xinan', name: '新安街道办事处' },
  townOffice: { code: 'xinan-dzb', name: '新安街道党政综合办公室' },
  town2: { code: 'beishan', name: '北山镇人民政府' },
  inactive: { code: 'old-bureau', name: '示范市已撤销局' },
  staff: {
    username: 'wangxiaoming',
    displayName: '王小明',
    email: 'wangxiaoming@staff.example.org',
    password: 'correct horse battery staple',
  },
} as const;

async function patch(database: Database, id: number, values: OrgPatch): Promise<void> {
  await updateOrgRow(database.db, id, values);
}

export async function seedPublicFixture(database: Database): Promise<void> {
  const f = PUBLIC_FIXTURE;
  const city = await buildOrg(database, { code: f.city.code, kind: 'government', name: f.city.name });
  await patch(database, city.id, { ...f.city.facts, name_en: f.city.nameEn });
  const partial = await buildOrg(database, {
    code: f.partial.code,
    parentCode: 'city',
    name: f.partial.name,
  });
  await patch(database, partial.id, {
    office_name: f.partial.officeName,
    phone: f.partial.phone,
    sort_order: 1,
  });
  const dept = await buildOrg(database, {
    code: f.department.code,
    parentCode: 'city',
    name: f.department.name,
  });
  await patch(database, dept.id, { name_en: f.department.nameEn, sort_order: 2 });
  await buildOrg(database, {
    code: f.departmentOffice.code,
    parentCode: 'jyj',
    name: f.departmentOffice.name,
  });
  await buildOrg(database, { code: f.town.code, kind: 'town', parentCode: 'city', name: f.town.name });
  await buildOrg(database, { code: f.townOffice.code, parentCode: 'xinan', name: f.townOffice.name });
  await buildOrg(database, { code: f.town2.code, kind: 'town', parentCode: 'city', name: f.town2.name });
  const inactive = await buildOrg(database, {
    code: f.inactive.code,
    parentCode: 'city',
    name: f.inactive.name,
  });
  await patch(database, inactive.id, { is_active: 0 });

  const user = await buildUser(database, {
    username: f.staff.username,
    password: f.staff.password,
    homeOrgCode: 'city',
    grants: [{ orgCode: 'city', role: 'city_admin' }],
  });
  await database.db
    .updateTable('users')
    .set({ display_name: f.staff.displayName, email: f.staff.email })
    .where('id', '=', user.id)
    .execute();
}
