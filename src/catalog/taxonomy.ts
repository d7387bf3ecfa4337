import type { ColumnKind } from './catalog.tables.js';

/**
 * The city-wide taxonomy seeded by migration 0002. Codes are stable (URLs, feeds, the import format and
 * the demo data use them); changing this list later needs a new migration, not an edit here alone.
 * Statutory codes match the guide's category keys (`guide.category.art20_1` ↔ column `art20_1`).
 */
export interface SeedColumn {
  code: string;
  name: string;
  nameEn: string;
  kind: ColumnKind;
  sortOrder: number;
}

// The seed report's five categories of the 公开目录.
const CATEGORIES: [string, string, string][] = [
  ['cat-regulations', '政府规章文件类', 'Government rules and documents'],
  ['cat-business', '业务工作类', 'Operational work'],
  ['cat-meetings', '会议与领导活动类', 'Meetings and leadership activities'],
  ['cat-statistics', '统计数据类', 'Statistics'],
  ['cat-other', '其他事项类', 'Other matters'],
];

// 条例第二十条 (一)–(十五): 法定主动公开内容; and 第二十一条 for city governments and towns.
const STATUTORY: [string, string, string][] = [
  ['art20_1', '行政法规、规章和规范性文件', 'Administrative regulations, rules and normative documents'],
  [
    'art20_2',
    '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名',
    'Functions, structure, address, hours, contacts and leaders',
  ],
  [
    'art20_3',
    '国民经济和社会发展规划、专项规划、区域规划及相关政策',
    'Development plans, special and regional plans and related policies',
  ],
  ['art20_4', '国民经济和社会发展统计信息', 'Economic and social statistics'],
  [
    'art20_5',
    '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果',
    'Administrative licensing and other services: basis, conditions, procedures and results',
  ],
  [
    'art20_6',
    '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
    'Administrative penalties and enforcement: basis, conditions, procedures and notable decisions',
  ],
  ['art20_7', '财政预算、决算信息', 'Budgets and final accounts'],
  ['art20_8', '行政事业性收费项目及其依据、标准', 'Administrative fees, their basis and rates'],
  [
    'art20_9',
    '政府集中采购项目的目录、标准及实施情况',
    'Centralised government procurement: catalogue, standards and implementation',
  ],
  ['art20_10', '重大建设项目的批准和实施情况', 'Approval and progress of major construction projects'],
  [
    'art20_11',
    '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况',
    'Policies on poverty relief, education, health, social security and employment',
  ],
  ['art20_12', '突发公共事件的应急预案、预警信息及应对情况', 'Emergency plans, warnings and responses'],
  [
    'art20_13',
    '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
    'Inspections of environment, public health, work safety, food, drugs and product quality',
  ],
  ['art20_14', '公务员招考的职位、名额、报考条件等事项以及录用结果', 'Civil service recruitment and results'],
  [
    'art20_15',
    '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息',
    'Other information that laws and regulations require to be disclosed',
  ],
  [
    'art21_city',
    '市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息',
    'Municipal construction, public services, land and housing expropriation, public order, social assistance',
  ],
  [
    'art21_town',
    '农业农村政策、农田水利、土地承包经营权流转、宅基地、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息',
    'Rural policy, irrigation, land contracting, homesteads, expropriation, village levies, social assistance',
  ],
];

// 重点领域信息公开 columns.
const KEY_AREAS: [string, string, string][] = [
  ['key-budget', '财政预决算和"三公"经费', 'Budgets, final accounts and the "three public expenses"'],
  ['key-expropriation', '征地拆迁', 'Land acquisition and demolition'],
  ['key-environment', '环境保护', 'Environmental protection'],
  ['key-food-drug', '食品药品安全', 'Food and drug safety'],
  ['key-work-safety', '安全生产', 'Work safety'],
  ['key-prices-fees', '价格和收费', 'Prices and fees'],
  ['key-education-health', '教育医疗', 'Education and health care'],
  ['key-power', '行政权力运行', 'Exercise of administrative power'],
  ['key-major-projects', '重大建设项目', 'Major construction projects'],
  ['key-public-resources', '公共资源配置', 'Allocation of public resources'],
  ['key-social-assistance', '社会救助和社会福利', 'Social assistance and welfare'],
  ['key-housing', '保障性住房', 'Affordable housing'],
  ['key-employment', '就业创业', 'Employment and entrepreneurship'],
  ['key-procurement', '政府采购', 'Government procurement'],
];

function toSeed(kind: ColumnKind, rows: [string, string, string][], base: number): SeedColumn[] {
  return rows.map(([code, name, nameEn], i) => ({ code, name, nameEn, kind, sortOrder: base + i + 1 }));
}

export const SEED_COLUMNS: readonly SeedColumn[] = [
  ...toSeed('category', CATEGORIES, 0),
  ...toSeed('statutory', STATUTORY, 100),
  ...toSeed('key_area', KEY_AREAS, 200),
];

/** The statutory column of 条例第二十条第（n）项 (n = 1…15). */
export function statutoryColumnCode(itemNumber: number): string {
  return `art20_${itemNumber}`;
}

/** The pattern used when an office has not configured its own (cn-rules §4: organisation code / year - seq). */
export const DEFAULT_INDEX_PATTERN = '{orgCode}/{yyyy}-{seq:5}';
