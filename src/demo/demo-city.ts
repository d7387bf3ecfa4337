import type { ImportOrgEntry } from '../orgs/import-orgs.js';
import type { Role } from '../platform/auth/roles.js';

/**
 * The demo city: 东莞市, a prefecture-level city without counties (不设市辖区), with about thirty
 * municipal departments and its 32 towns and streets (4 街道, 28 镇). The names are the real public
 * names of these bodies; every contact fact is plainly fictitious: phone numbers in the 0769-0000 /
 * 0769-0001 blocks, e-mail and web addresses under the reserved `.invalid` top-level domain
 * (RFC 2606), addresses marked （演示地址）. Nothing here pretends to be real content.
 */

export const DEMO_DOMAIN = 'dongguan-demo.invalid';
export const DEMO_OFFICE_HOURS = '工作日 上午9:00-12:00，下午14:00-17:30';
export const DEMO_POSTCODE = '523000';

const CITY = { code: 'dg', name: '东莞市人民政府', nameEn: 'Dongguan Municipal People’s Government' };

/** [code suffix, name without 东莞市, English name] */
const DEPARTMENTS: [string, string, string][] = [
  ['zfb', '人民政府办公室', 'General Office of the Municipal People’s Government'],
  ['fgj', '发展和改革局', 'Development and Reform Bureau'],
  ['jyj', '教育局', 'Education Bureau'],
  ['kjj', '科学技术局', 'Science and Technology Bureau'],
  ['gxj', '工业和信息化局', 'Industry and Information Technology Bureau'],
  ['gaj', '公安局', 'Public Security Bureau'],
  ['mzj', '民政局', 'Civil Affairs Bureau'],
  ['sfj', '司法局', 'Justice Bureau'],
  ['czj', '财政局', 'Finance Bureau'],
  ['rsj', '人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
  ['zrzyj', '自然资源局', 'Natural Resources Bureau'],
  ['sthjj', '生态环境局', 'Ecology and Environment Bureau'],
  ['zjj', '住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'],
  ['jtj', '交通运输局', 'Transport Bureau'],
  ['swj', '水务局', 'Water Affairs Bureau'],
  ['nyncj', '农业农村局', 'Agriculture and Rural Affairs Bureau'],
  ['shangwuj', '商务局', 'Commerce Bureau'],
  ['wgltj', '文化广电旅游体育局', 'Culture, Radio, Television, Tourism and Sports Bureau'],
  ['wjj', '卫生健康局', 'Health Bureau'],
  ['tyjrj', '退役军人事务局', 'Veterans Affairs Bureau'],
  ['yjglj', '应急管理局', 'Emergency Management Bureau'],
  ['sjj', '审计局', 'Audit Bureau'],
  ['scjgj', '市场监督管理局', 'Administration for Market Regulation'],
  ['tjj', '统计局', 'Statistics Bureau'],
  ['ybj', '医疗保障局', 'Healthcare Security Administration'],
  ['cgj', '城市管理和综合执法局', 'Urban Management and Comprehensive Law Enforcement Bureau'],
  ['lyj', '林业局', 'Forestry Bureau'],
  ['zsj', '政务服务和数据管理局', 'Government Services and Data Administration'],
  ['xfj', '信访局', 'Letters and Calls Bureau'],
  ['gzw', '国有资产监督管理委员会', 'State-owned Assets Supervision and Administration Commission'],
];

/** The 4 streets (街道) and 28 towns (镇): [code suffix, name, English name]. */
export const STREETS: [string, string, string][] = [
  ['guancheng', '莞城', 'Guancheng'],
  ['nancheng', '南城', 'Nancheng'],
  ['dongcheng', '东城', 'Dongcheng'],
  ['wanjiang', '万江', 'Wanjiang'],
];
export const TOWNS: [string, string, string][] = [
  ['shijie', '石碣', 'Shijie'],
  ['shilong', '石龙', 'Shilong'],
  ['chashan', '茶山', 'Chashan'],
  ['shipai', '石排', 'Shipai'],
  ['qishi', '企石', 'Qishi'],
  ['hengli', '横沥', 'Hengli'],
  ['qiaotou', '桥头', 'Qiaotou'],
  ['xiegang', '谢岗', 'Xiegang'],
  ['dongkeng', '东坑', 'Dongkeng'],
  ['changping', '常平', 'Changping'],
  ['liaobu', '寮步', 'Liaobu'],
  ['zhangmutou', '樟木头', 'Zhangmutou'],
  ['dalang', '大朗', 'Dalang'],
  ['huangjiang', '黄江', 'Huangjiang'],
  ['qingxi', '清溪', 'Qingxi'],
  ['tangxia', '塘厦', 'Tangxia'],
  ['fenggang', '凤岗', 'Fenggang'],
  ['dalingshan', '大岭山', 'Dalingshan'],
  ['changan', '长安', 'Chang’an'],
  ['humen', '虎门', 'Humen'],
  ['houjie', '厚街', 'Houjie'],
  ['shatian', '沙田', 'Shatian'],
  ['daojiao', '道滘', 'Daojiao'],
  ['hongmei', '洪梅', 'Hongmei'],
  ['machong', '麻涌', 'Machong'],
  ['wangniudun', '望牛墩', 'Wangniudun'],
  ['zhongtang', '中堂', 'Zhongtang'],
  ['gaobu', '高埗', 'Gaobu'],
];

/** Towns with their own offices below them, each with its own disclosure duty. */
const TOWN_OFFICES: [string, string, string][] = [
  ['dzb', '党政办公室', 'Party and Government Office'],
  ['zhzf', '综合行政执法办公室', 'Comprehensive Administrative Law Enforcement Office'],
];
const TOWNS_WITH_OFFICES = ['humen', 'changan', 'tangxia'];

/** Complete, obviously fictitious 公开指南 facts; `n` keeps numbers distinct. */
function demoFacts(slug: string, area: string, officeName: string, n: number) {
  const number = String(1000 + n);
  const host = slug === '' ? DEMO_DOMAIN : `${slug}.${DEMO_DOMAIN}`;
  return {
    officeName,
    address: `东莞市${area}演示路${n}号（演示地址）`,
    postcode: DEMO_POSTCODE,
    officeHours: DEMO_OFFICE_HOURS,
    phone: `0769-0000 ${number}`,
    fax: `0769-0001 ${number}`,
    email: `xxgk@${host}`,
    website: slug === '' ? `https://www.${DEMO_DOMAIN}/` : `https://${host}/`,
    functions:
      '（演示数据）本单位的机关职能、机构设置以正式公布的文件为准；此处内容仅用于演示，不是真实信息。',
  };
}

/** The whole demo tree in the format of `gongkai orgs import` (contracts §5). */
export function demoCityOrgs(): ImportOrgEntry[] {
  let n = 0;
  const out: ImportOrgEntry[] = [
    {
      ...CITY,
      kind: 'government',
      shortName: '东莞市',
      sortOrder: 0,
      ...demoFacts('', '南城街道', '东莞市人民政府办公室（政务公开办）', n++),
    },
  ];
  DEPARTMENTS.forEach(([suffix, name, nameEn], i) => {
    out.push({
      code: `dg-${suffix}`,
      name: `东莞市${name}`,
      nameEn: `Dongguan Municipal ${nameEn}`,
      shortName: name,
      kind: 'department',
      parent: CITY.code,
      sortOrder: 100 + i,
      ...demoFacts(suffix, '南城街道', `东莞市${name}办公室`, n++),
    });
  });
  const places = [
    ...STREETS.map((s) => ({
      suffix: s[0],
      name: `${s[1]}街道`,
      full: `${s[1]}街道办事处`,
      en: `${s[2]} Subdistrict Office`,
    })),
    ...TOWNS.map((t) => ({
      suffix: t[0],
      name: `${t[1]}镇`,
      full: `${t[1]}镇人民政府`,
      en: `${t[2]} Town People’s Government`,
    })),
  ];
  places.forEach((p, i) => {
    out.push({
      code: `dg-${p.suffix}`,
      name: `东莞市${p.full}`,
      nameEn: p.en,
      shortName: p.name,
      kind: 'town',
      parent: CITY.code,
      sortOrder: 200 + i,
      ...demoFacts(p.suffix, p.name, `${p.name}党政办公室`, n++),
    });
    if (!TOWNS_WITH_OFFICES.includes(p.suffix)) return;
    TOWN_OFFICES.forEach(([officeSuffix, officeName, officeEn], j) => {
      out.push({
        code: `dg-${p.suffix}-${officeSuffix}`,
        name: `${p.name}${officeName}`,
        nameEn: `${p.en.replace(/ (Town People’s Government|Subdistrict Office)$/, '')} ${officeEn}`,
        shortName: officeName,
        kind: 'department',
        parent: `dg-${p.suffix}`,
        sortOrder: j,
        ...demoFacts(`${p.suffix}-${officeSuffix}`, p.name, `${p.name}${officeName}`, n++),
      });
    });
  });
  return out;
}

/** One demo account per role: the city-wide roles at the root, the others in one department and one town. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  orgCode: string;
}

const ORG_ROLES: [Role, string, string][] = [
  ['org_admin', 'admin', '单位管理员'],
  ['editor', 'editor', '信息编辑'],
  ['reviewer', 'reviewer', '保密审查员'],
  ['case_handler', 'handler', '依申请公开经办人'],
  ['office_head', 'head', '公开办负责人'],
];

export function demoAccounts(): DemoAccount[] {
  const accounts: DemoAccount[] = [
    { username: 'city.admin', displayName: '市政务公开办管理员（演示）', role: 'city_admin', orgCode: 'dg' },
    { username: 'city.supervisor', displayName: '监察员（演示）', role: 'supervisor', orgCode: 'dg' },
  ];
  for (const [prefix, orgCode, label] of [
    ['zrzyj', 'dg-zrzyj', '自然资源局'],
    ['humen', 'dg-humen', '虎门镇'],
  ] as const) {
    for (const [role, suffix, title] of ORG_ROLES) {
      accounts.push({
        username: `${prefix}.${suffix}`,
        displayName: `${label}${title}（演示）`,
        role,
        orgCode,
      });
    }
  }
  return accounts;
}
