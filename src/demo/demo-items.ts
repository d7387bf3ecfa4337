import { STREETS, TOWNS, demoCityOrgs } from './demo-city.js';
import { seededRandom } from '../platform/seeded-random.js';

/**
 * Synthetic catalog items for the demo city, in the catalog interchange format (contracts §4b), loaded
 * by `loadDemo` through the bulk import path. They follow the kinds of documents a municipal 公开目录
 * holds — 通知, 公告, 批复, 规划, 预算/决算, 征地拆迁补偿安置方案, 行政许可结果, 行政处罚决定, 统计公报,
 * 会议纪要摘要, 采购结果, 应急预案, 监督抽检通报, 规章 and 行政规范性文件 with their validity (some
 * abolished), and every office's 年度报告 — across the demo organisations and the city-wide taxonomy,
 * published 2023 to early 2026.
 *
 * Every item is unmistakably demo content: the title starts with DEMO_TITLE_PREFIX 【演示】 and the
 * body's first paragraph is DEMO_BODY_NOTICE （演示数据，非真实文件）. No person is named, no
 * telephone number, e-mail address, ID or card number appears (the personal-data scan finds nothing),
 * and amounts are small decimals. Generation is deterministic: a seeded PRNG, a fixed date range, and
 * the same output for any `today` on or after DEMO_LAST_DATE (items after `today` become drafts).
 */

export const DEMO_TITLE_PREFIX = '【演示】';
export const DEMO_BODY_NOTICE = '（演示数据，非真实文件）';
export const DEMO_ITEM_COUNT = 3_000;
export const DEMO_FIRST_DATE = '2023-01-03';
export const DEMO_LAST_DATE = '2026-02-27';
const SEED = 20_150_101;

/** One item as a line of the interchange format. */
export interface DemoItem {
  org: string;
  title: string;
  summary: string;
  body: string;
  formedOn: string;
  publishedOn?: string;
  docNumber?: string;
  columns: string[];
  keywords: string[];
  docType: 'regulation' | 'normative' | 'other';
  validity?: { effectiveOn: string | null; abolishedOn: string | null };
  status: 'published' | 'draft';
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and dates

const DAY = 86_400_000;
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, days: number) => toDate(msOf(date) + days * DAY);

/** Saturday and Sunday move to the Monday after (offices publish on working days). */
function weekday(date: string): string {
  const dow = new Date(msOf(date)).getUTCDay();
  return dow === 6 ? addDays(date, 2) : dow === 0 ? addDays(date, 1) : date;
}

interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  dateBetween(from: string, to: string): string;
}

function random(seed: number): Random {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    dateBetween: (from, to) =>
      toDate(msOf(from) + Math.floor(next() * ((msOf(to) - msOf(from)) / DAY + 1)) * DAY),
  };
}

// ---------------------------------------------------------------------------------------------
// The offices: 文号 abbreviations and the subjects each one works on

interface DemoOffice {
  code: string;
  name: string;
  /** 简称 used in 文号, e.g. 东自然资 → 东自然资〔2024〕7号. */
  abbr: string;
  kind: 'city' | 'department' | 'town' | 'town-office';
  /** Place name for town items (虎门镇), or 东莞市 for the city and its departments. */
  place: string;
  topics: readonly Topic[];
}

interface Topic {
  /** The subject as it appears in titles: 义务教育招生, 餐饮服务食品安全 … */
  name: string;
  /** Key-area column (重点领域) it belongs to, when any. */
  keyArea?: string;
  /** A 条例第二十条 column that fits the subject's ordinary documents. */
  statutory?: string;
  keywords: readonly string[];
}

const T = (name: string, keywords: string[], keyArea?: string, statutory?: string): Topic => ({
  name,
  keywords,
  ...(keyArea ? { keyArea } : {}),
  ...(statutory ? { statutory } : {}),
});

/** [suffix, 文号简称, subjects] of each department of demo-city.ts. */
const DEPARTMENT_TOPICS: Record<string, [string, Topic[]]> = {
  zfb: [
    '东府办',
    [
      T('政务公开', ['政务公开', '信息公开'], 'key-power'),
      T('营商环境', ['营商环境', '优化']),
      T('督查督办', ['督查', '督办'], 'key-power'),
    ],
  ],
  fgj: [
    '东发改',
    [
      T('重大建设项目', ['重大项目', '投资'], 'key-major-projects', 'art20_10'),
      T('价格监测', ['价格', '监测'], 'key-prices-fees', 'art20_8'),
      T('粮食储备', ['粮食', '储备']),
    ],
  ],
  jyj: [
    '东教',
    [
      T('义务教育招生', ['招生', '义务教育'], 'key-education-health', 'art20_11'),
      T('学前教育', ['幼儿园', '学前教育'], 'key-education-health', 'art20_11'),
      T('校外培训机构监管', ['校外培训', '监管'], 'key-education-health'),
    ],
  ],
  kjj: [
    '东科',
    [
      T('高新技术企业培育', ['高新技术企业', '科技'], undefined, 'art20_11'),
      T('科技创新券', ['科技创新', '资助']),
    ],
  ],
  gxj: [
    '东工信',
    [
      T('工业企业技术改造', ['技术改造', '工业'], undefined, 'art20_3'),
      T('中小企业服务', ['中小企业', '服务']),
    ],
  ],
  gaj: [
    '东公',
    [
      T('道路交通安全管理', ['交通安全', '治安'], undefined, 'art21_city'),
      T('户籍业务办理', ['户籍', '办事指南'], 'key-power', 'art20_5'),
    ],
  ],
  mzj: [
    '东民',
    [
      T('最低生活保障', ['低保', '社会救助'], 'key-social-assistance', 'art20_11'),
      T('养老服务', ['养老', '社会福利'], 'key-social-assistance', 'art20_11'),
      T('社会组织登记', ['社会组织', '登记'], 'key-power', 'art20_5'),
    ],
  ],
  sfj: [
    '东司',
    [
      T('行政规范性文件合法性审核', ['合法性审核', '规范性文件'], 'key-power'),
      T('公共法律服务', ['法律服务', '普法']),
    ],
  ],
  czj: [
    '东财',
    [
      T('部门预算', ['预算', '财政'], 'key-budget', 'art20_7'),
      T('政府采购管理', ['政府采购', '财政'], 'key-procurement', 'art20_9'),
      T('财政专项资金', ['专项资金', '绩效'], 'key-budget', 'art20_7'),
    ],
  ],
  rsj: [
    '东人社',
    [
      T('就业创业补贴', ['就业', '补贴'], 'key-employment', 'art20_11'),
      T('职业技能培训', ['技能培训', '就业'], 'key-employment', 'art20_11'),
      T('事业单位公开招聘', ['招聘', '事业单位'], undefined, 'art20_14'),
    ],
  ],
  zrzyj: [
    '东自然资',
    [
      T('征地拆迁', ['征地', '拆迁', '补偿安置'], 'key-expropriation', 'art21_city'),
      T('国土空间规划', ['国土空间', '规划'], undefined, 'art20_3'),
      T('国有建设用地使用权出让', ['土地出让', '用地'], 'key-public-resources', 'art20_5'),
    ],
  ],
  sthjj: [
    '东环',
    [
      T('建设项目环境影响评价', ['环评', '环境影响'], 'key-environment', 'art20_5'),
      T('大气污染防治', ['大气', '空气质量'], 'key-environment', 'art20_13'),
      T('水污染防治', ['水质', '河涌'], 'key-environment', 'art20_13'),
    ],
  ],
  zjj: [
    '东建',
    [
      T('建筑施工安全', ['建筑施工', '安全'], 'key-work-safety', 'art20_13'),
      T('保障性住房', ['保障性住房', '公租房'], 'key-housing', 'art21_city'),
      T('城市更新', ['城市更新', '旧改'], 'key-major-projects', 'art20_10'),
    ],
  ],
  jtj: [
    '东交',
    [
      T('公交线网优化', ['公交', '线路'], undefined, 'art21_city'),
      T('道路建设工程', ['道路', '工程'], 'key-major-projects', 'art20_10'),
    ],
  ],
  swj: [
    '东水务',
    [
      T('河长制', ['河长制', '水环境'], 'key-environment', 'art20_13'),
      T('防汛防旱', ['防汛', '应急'], undefined, 'art20_12'),
    ],
  ],
  nyncj: [
    '东农农',
    [
      T('耕地保护', ['耕地', '农业'], undefined, 'art21_town'),
      T('农产品质量安全', ['农产品', '质量安全'], 'key-food-drug', 'art20_13'),
    ],
  ],
  shangwuj: ['东商务', [T('外贸稳增长', ['外贸', '商务']), T('促进消费', ['消费', '商贸'])]],
  wgltj: [
    '东文广旅体',
    [T('公共文化服务', ['公共文化', '图书馆'], undefined, 'art21_city'), T('全民健身', ['体育', '健身'])],
  ],
  wjj: [
    '东卫健',
    [
      T('基本公共卫生服务', ['公共卫生', '医疗'], 'key-education-health', 'art20_11'),
      T('医疗机构监督', ['医疗机构', '监督'], 'key-education-health', 'art20_13'),
    ],
  ],
  tyjrj: ['东退役军人', [T('退役军人就业', ['退役军人', '就业'], 'key-employment', 'art20_11')]],
  yjglj: [
    '东应急',
    [
      T('安全生产', ['安全生产', '隐患排查'], 'key-work-safety', 'art20_13'),
      T('自然灾害应急', ['应急预案', '防灾减灾'], undefined, 'art20_12'),
    ],
  ],
  sjj: ['东审', [T('预算执行审计', ['审计', '预算执行'], 'key-budget', 'art20_7')]],
  scjgj: [
    '东市监',
    [
      T('食品安全监督抽检', ['食品安全', '抽检'], 'key-food-drug', 'art20_13'),
      T('药品安全', ['药品', '监督检查'], 'key-food-drug', 'art20_13'),
      T('产品质量监督', ['产品质量', '抽查'], undefined, 'art20_13'),
    ],
  ],
  tjj: ['东统', [T('统计调查', ['统计', '调查'], undefined, 'art20_4')]],
  ybj: [
    '东医保',
    [
      T('医疗保障待遇', ['医保', '待遇'], 'key-education-health', 'art20_11'),
      T('药品集中采购', ['集中采购', '药品'], 'key-education-health'),
    ],
  ],
  cgj: [
    '东城管',
    [
      T('市容环境卫生', ['市容', '环境卫生'], undefined, 'art21_city'),
      T('生活垃圾分类', ['垃圾分类', '环境'], 'key-environment', 'art21_city'),
    ],
  ],
  lyj: [
    '东林',
    [T('森林防火', ['森林防火', '应急'], undefined, 'art20_12'), T('古树名木保护', ['古树名木', '林业'])],
  ],
  zsj: [
    '东政数',
    [
      T('政务服务事项', ['政务服务', '办事指南'], 'key-power', 'art20_5'),
      T('公共数据开放', ['数据开放', '政务数据']),
    ],
  ],
  xfj: ['东信访', [T('信访事项办理', ['信访', '办理'], 'key-power')]],
  gzw: ['东国资', [T('国有企业改革', ['国企改革', '国有资产'], 'key-public-resources')]],
};

const CITY_TOPICS: Topic[] = [
  T('政府工作报告', ['政府工作报告', '经济社会发展'], undefined, 'art20_3'),
  T('国民经济和社会发展计划', ['发展计划', '经济'], undefined, 'art20_3'),
  T('重大行政决策', ['重大行政决策', '决策'], 'key-power', 'art20_1'),
  T('财政预算', ['预算', '财政'], 'key-budget', 'art20_7'),
  T('城市更新', ['城市更新', '规划'], 'key-major-projects', 'art20_10'),
];

const TOWN_TOPICS: Topic[] = [
  T('征地拆迁', ['征地', '拆迁', '补偿安置'], 'key-expropriation', 'art21_town'),
  T('财政预决算', ['预算', '决算'], 'key-budget', 'art20_7'),
  T('农村集体资产管理', ['集体资产', '农村'], undefined, 'art21_town'),
  T('安全生产', ['安全生产', '隐患排查'], 'key-work-safety', 'art20_13'),
  T('社会救助', ['社会救助', '低保'], 'key-social-assistance', 'art21_town'),
  T('村（社区）人居环境整治', ['人居环境', '整治'], 'key-environment', 'art21_town'),
];

function demoOffices(): DemoOffice[] {
  return demoCityOrgs().map((org) => {
    if (org.kind === 'government') {
      return {
        code: org.code,
        name: org.name,
        abbr: '东府',
        kind: 'city',
        place: '东莞市',
        topics: CITY_TOPICS,
      };
    }
    const suffix = org.code.slice(3);
    const department = DEPARTMENT_TOPICS[suffix];
    if (org.kind === 'department' && department) {
      return {
        code: org.code,
        name: org.name,
        abbr: department[0],
        kind: 'department',
        place: '东莞市',
        topics: department[1],
      };
    }
    const short = org.shortName ?? org.name;
    if (org.kind === 'town') {
      const base = short.replace(/(镇|街道)$/, '');
      return {
        code: org.code,
        name: org.name,
        abbr: short.endsWith('街道') ? `${base}街办` : `${base}府`,
        kind: 'town',
        place: short,
        topics: TOWN_TOPICS,
      };
    }
    // An office below a town: 虎门镇党政办公室, 虎门镇综合行政执法办公室.
    const town = org.name.replace(/(党政办公室|综合行政执法办公室)$/, '');
    const enforcement = org.name.endsWith('综合行政执法办公室');
    return {
      code: org.code,
      name: org.name,
      abbr: `${town.replace(/镇$/, '')}${enforcement ? '综执' : '党政办'}`,
      kind: 'town-office',
      place: town,
      topics: enforcement
        ? [
            T('综合行政执法', ['行政执法', '违法建设'], 'key-power', 'art20_6'),
            T('市容秩序', ['市容', '秩序'], undefined, 'art21_town'),
          ]
        : [
            T('镇街政务公开', ['政务公开', '镇街'], 'key-power'),
            T('村（社区）事务', ['村务公开', '社区'], undefined, 'art21_town'),
          ],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Document kinds: title, body, columns, 文号

interface Draft {
  title: string;
  summary: string;
  paragraphs: string[];
  columns: string[];
  keywords: string[];
  docType: DemoItem['docType'];
  /** Whether it carries a 文号 (公告 and 公示 often do not). */
  numbered: boolean;
  /** A 规章 is numbered 东莞市人民政府令第N号. */
  decree?: boolean;
}

const TOWN_NAMES = [...STREETS, ...TOWNS].map(([, name]) => name);
const PROJECTS = [
  '环城路改造',
  '污水处理厂扩建',
  '人民公园提升',
  '学校新建',
  '社区卫生服务中心建设',
  '产业园区配套道路',
  '河涌综合整治',
  '公共停车场建设',
  '片区排水管网完善',
  '体育公园建设',
];
const VILLAGES = ['东片区', '西片区', '南片区', '北片区', '中心片区', '滨江片区', '新城片区'];
const MEETING_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];
const HAZARDS = ['台风', '暴雨内涝', '地质灾害', '森林火灾', '突发环境事件', '道路交通事故'];
const COMPANIES = [
  '某某实业有限公司',
  '某某电子科技有限公司',
  '某某餐饮管理有限公司',
  '某某建材有限公司',
  '某某物流有限公司',
];

const amount = (rnd: Random, min: number, max: number) => (min + rnd.next() * (max - min)).toFixed(2);

type KindBuilder = (rnd: Random, office: DemoOffice, topic: Topic, year: number) => Draft;

const statutoryOf = (topic: Topic, fallback: string) => topic.statutory ?? fallback;
const withKeyArea = (topic: Topic, columns: string[]) =>
  topic.keyArea ? [...columns, topic.keyArea] : columns;

const KINDS: { weight: number; offices: DemoOffice['kind'][]; build: KindBuilder }[] = [
  {
    // 通知
    weight: 22,
    offices: ['city', 'department', 'town', 'town-office'],
    build: (rnd, office, topic, year) => ({
      title: `关于做好${year}年${topic.name}工作的通知`,
      summary: `部署${year}年${office.place}${topic.name}工作，明确目标任务、责任分工和工作要求。`,
      paragraphs: [
        `各有关单位：`,
        `为贯彻落实上级有关部署，进一步做好${year}年${office.place}${topic.name}工作，现就有关事项通知如下。`,
        `一、明确工作目标。坚持问题导向和目标导向，到${year}年底，${topic.name}工作机制更加健全，服务质量进一步提升。`,
        `二、压实工作责任。各单位要落实主体责任，明确专人负责，建立工作台账，按月报送进展情况。`,
        `三、加强督促检查。${office.name}将适时组织督查，对工作推进不力的单位予以通报。`,
        `特此通知。`,
      ],
      columns: withKeyArea(topic, ['cat-business', statutoryOf(topic, 'art20_15')]),
      keywords: [...topic.keywords, '通知'],
      docType: 'other',
      numbered: true,
    }),
  },
  {
    // 公告: 征地拆迁补偿安置方案
    weight: 6,
    offices: ['department', 'town'],
    build: (rnd, office, _topic, _year) => {
      const project = rnd.pick(PROJECTS);
      const area = rnd.pick(VILLAGES);
      return {
        title: `关于${office.place}${area}${project}项目征地拆迁补偿安置方案的公告`,
        summary: `公布${project}项目涉及${area}土地征收的补偿标准、安置方式和办理程序，征求被征地农村集体经济组织意见。`,
        paragraphs: [
          `根据《中华人民共和国土地管理法》及有关规定，因${project}项目建设需要，拟征收${office.place}${area}集体土地约${amount(rnd, 20, 300)}亩。现将征地拆迁补偿安置方案公告如下。`,
          `一、征收范围：${area}规划红线范围内的集体土地及地上附着物（具体以勘测定界图为准）。`,
          `二、补偿标准：土地补偿费和安置补助费按省、市公布的区片综合地价执行；地上附着物和青苗补偿按市有关标准执行。`,
          `三、安置方式：采取货币补偿与留用地安置相结合的方式，依法将被征地农民纳入相应的养老等社会保障体系。`,
          `四、意见反馈：被征地的农村集体经济组织及其成员对本方案有不同意见的，可自公告之日起30日内以书面形式向${office.name}提出。`,
        ],
        columns: [office.kind === 'town' ? 'art21_town' : 'art21_city', 'key-expropriation', 'cat-business'],
        keywords: ['征地', '拆迁', '补偿安置', project],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 批复
    weight: 8,
    offices: ['city', 'department'],
    build: (rnd, _office, _topic, _year) => {
      const project = `${rnd.pick(TOWN_NAMES)}${rnd.pick(VILLAGES)}${rnd.pick(PROJECTS)}`;
      return {
        title: `关于${project}项目可行性研究报告的批复`,
        summary: `原则同意${project}项目可行性研究报告，明确建设内容、投资估算和资金来源。`,
        paragraphs: [
          `你单位报来的《${project}项目可行性研究报告》收悉。经研究，现批复如下。`,
          `一、原则同意该项目可行性研究报告。项目主要建设内容包括主体工程及配套设施。`,
          `二、项目总投资估算约${amount(rnd, 800, 60000)}万元，资金由财政资金和其他资金统筹解决。`,
          `三、请严格按照批复内容组织实施，落实项目法人责任制、招标投标制和工程监理制，确保工程质量和安全。`,
          `四、本批复自印发之日起两年内有效。`,
        ],
        columns: ['art20_10', 'key-major-projects', 'cat-business'],
        keywords: ['批复', '可行性研究', '重大建设项目'],
        docType: 'other',
        numbered: true,
      };
    },
  },
  {
    // 规划
    weight: 3,
    offices: ['city', 'department'],
    build: (rnd, office, topic, year) => ({
      title: `${office.place}${topic.name}专项规划（${year}—${year + 12}年）`,
      summary: `提出${office.place}${topic.name}的发展目标、空间布局、重点任务和保障措施。`,
      paragraphs: [
        `为统筹推进${topic.name}工作，依据国民经济和社会发展规划和国土空间总体规划，编制本规划。`,
        `规划期限为${year}年至${year + 12}年，近期至${year + 2}年。`,
        `规划目标：到${year + 2}年，${topic.name}主要指标达到省内先进水平；到${year + 12}年，全面建成布局合理、功能完善的体系。`,
        `重点任务包括完善设施布局、提升服务能力、强化要素保障和创新体制机制等方面。`,
      ],
      columns: ['art20_3', 'cat-business'],
      keywords: [...topic.keywords, '规划'],
      docType: 'other',
      numbered: true,
    }),
  },
  {
    // 部门预算 / 决算 / 三公经费
    weight: 8,
    offices: ['department', 'town'],
    build: (rnd, office, _topic, year) => {
      const what = rnd.pick(['部门预算', '部门决算', '"三公"经费预算', '"三公"经费决算']);
      const budgetYear = what.includes('决算') ? year - 1 : year;
      return {
        title: `${office.name}${budgetYear}年${what}`,
        summary: `公开${office.name}${budgetYear}年${what}情况，包括收支总表、财政拨款收支表及情况说明。`,
        paragraphs: [
          `根据预决算公开有关规定，现将${office.name}${budgetYear}年${what}公开如下。`,
          `一、收支总体情况：收入合计${amount(rnd, 300, 90000)}万元，支出合计${amount(rnd, 300, 90000)}万元。`,
          `二、"三公"经费情况：因公出国（境）费${amount(rnd, 0, 20)}万元，公务用车购置及运行费${amount(rnd, 5, 120)}万元，公务接待费${amount(rnd, 1, 40)}万元。`,
          `三、情况说明：支出变动主要原因是落实过紧日子要求，压减一般性支出。`,
          `四、名词解释及公开表格详见附件（演示数据不含附件）。`,
        ],
        columns: ['art20_7', 'key-budget', 'cat-statistics'],
        keywords: ['预算', '决算', '三公经费'],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 行政许可结果
    weight: 9,
    offices: ['department', 'town'],
    build: (rnd, office, topic, year) => {
      const month = rnd.int(1, 12);
      return {
        title: `${office.name}${year}年${month}月行政许可结果公示`,
        summary: `公示${year}年${month}月办结的行政许可事项${rnd.int(5, 160)}件的办理结果。`,
        paragraphs: [
          `根据"双公示"工作要求，现将本单位${year}年${month}月行政许可办理结果公示如下。`,
          `本月共受理行政许可申请${rnd.int(20, 200)}件，办结${rnd.int(10, 180)}件，准予许可的事项均已在法定期限内办结。`,
          `涉及事项：${topic.name}相关许可、变更及延续。许可决定书编号、许可内容及有效期详见公示表（演示数据）。`,
          `公示期间如有异议，可向${office.name}书面反映。`,
        ],
        columns: ['art20_5', 'key-power', 'cat-business'],
        keywords: ['行政许可', '双公示', ...topic.keywords.slice(0, 1)],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 行政处罚决定
    weight: 6,
    offices: ['department', 'town-office'],
    build: (rnd, office, topic, year) => {
      const company = `东莞市${rnd.pick(COMPANIES)}（演示企业）`;
      return {
        title: `${office.name}行政处罚决定书（${office.abbr}罚〔${year}〕${rnd.int(1, 400)}号）`,
        summary: `对${company}违反${topic.name}相关规定的行为作出行政处罚决定。`,
        paragraphs: [
          `当事人：${company}。`,
          `经查，当事人存在违反${topic.name}有关规定的行为，事实清楚，证据确凿。`,
          `依据有关法律法规，本机关决定对当事人作出警告并处罚款人民币${amount(rnd, 0.5, 20)}万元的行政处罚。`,
          `当事人如不服本处罚决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。`,
        ],
        columns: ['art20_6', 'key-power', 'cat-business'],
        keywords: ['行政处罚', ...topic.keywords.slice(0, 1)],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 统计公报
    weight: 3,
    offices: ['city', 'town'],
    build: (rnd, office, _topic, year) => ({
      title: `${office.place}${year - 1}年国民经济和社会发展统计公报`,
      summary: `发布${office.place}${year - 1}年地区生产总值、工业、投资、消费、民生等主要统计数据。`,
      paragraphs: [
        `${year - 1}年，${office.place}坚持稳中求进工作总基调，经济运行总体平稳。`,
        `一、综合：全年实现地区生产总值${amount(rnd, 80, 12000)}亿元，比上年增长${amount(rnd, 1, 8)}%。`,
        `二、工业：规模以上工业增加值增长${amount(rnd, 1, 9)}%，先进制造业增加值占比进一步提高。`,
        `三、投资和消费：固定资产投资增长${amount(rnd, -3, 10)}%，社会消费品零售总额增长${amount(rnd, 1, 9)}%。`,
        `四、民生：居民人均可支配收入增长${amount(rnd, 2, 7)}%。`,
        `注：本公报部分数据为初步统计数。`,
      ],
      columns: ['art20_4', 'cat-statistics'],
      keywords: ['统计公报', '国民经济', '统计数据'],
      docType: 'other',
      numbered: false,
    }),
  },
  {
    // 会议纪要摘要
    weight: 10,
    offices: ['city', 'department', 'town'],
    build: (rnd, office, topic, year) => {
      const n = rnd.pick(MEETING_ORDINALS);
      const body =
        office.kind === 'city'
          ? '市政府常务会议'
          : office.kind === 'town'
            ? '镇（街）党政班子会议'
            : '局务会议';
      return {
        title: `${office.name}${year}年第${n}次${body}纪要摘要`,
        summary: `${body}研究${topic.name}等事项的纪要摘要。`,
        paragraphs: [
          `${year}年，${office.name}召开第${n}次${body}，研究部署有关工作。`,
          `会议听取了关于${topic.name}工作情况的汇报，原则同意有关工作方案，要求各有关单位抓好落实。`,
          `会议研究了近期重点工作，强调要统筹发展和安全，做好民生保障。`,
          `会议还研究了其他事项。`,
        ],
        columns: ['cat-meetings'],
        keywords: ['会议纪要', ...topic.keywords.slice(0, 1)],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 政府采购结果
    weight: 5,
    offices: ['department', 'town'],
    build: (rnd, office, _topic, year) => {
      const project = rnd.pick(PROJECTS);
      return {
        title: `${office.name}${project}采购项目中标（成交）结果公告`,
        summary: `公布${project}采购项目的中标（成交）供应商、金额和评审情况。`,
        paragraphs: [
          `一、项目名称：${project}采购项目（演示编号 DG-${year}-${String(rnd.int(1, 999)).padStart(3, '0')}）。`,
          `二、采购方式：公开招标。`,
          `三、中标（成交）供应商：东莞市${rnd.pick(COMPANIES)}（演示企业）；中标金额：${amount(rnd, 10, 3000)}万元。`,
          `四、公告期限：自本公告发布之日起1个工作日。`,
        ],
        columns: ['art20_9', 'key-procurement', 'cat-business'],
        keywords: ['政府采购', '中标', '结果公告'],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 监督检查 / 抽检通报
    weight: 6,
    offices: ['department', 'town'],
    build: (rnd, office, topic, year) => {
      const quarter = rnd.pick(QUARTERS);
      return {
        title: `${office.place}${year}年${quarter}${topic.name}监督检查情况通报`,
        summary: `通报${year}年${quarter}${topic.name}监督检查（抽检）总体情况和发现问题的处理情况。`,
        paragraphs: [
          `${year}年${quarter}，共组织${topic.name}监督检查（抽检）${rnd.int(30, 900)}批次（家次）。`,
          `检查结果：合格率为${amount(rnd, 90, 99.9)}%，对发现的问题已依法责令整改。`,
          `下一步，将继续加大监督检查力度，督促相关主体落实主体责任。`,
        ],
        columns: withKeyArea(topic, ['art20_13', 'cat-business']),
        keywords: [...topic.keywords, '监督检查'],
        docType: 'other',
        numbered: false,
      };
    },
  },
  {
    // 应急预案
    weight: 2,
    offices: ['city', 'department', 'town'],
    build: (rnd, office, _topic, year) => {
      const hazard = rnd.pick(HAZARDS);
      return {
        title: `${office.place}${hazard}应急预案（${year}年修订）`,
        summary: `规定${hazard}的预防预警、应急响应、处置和保障措施。`,
        paragraphs: [
          `为规范${hazard}应急处置工作，最大程度减少人员伤亡和财产损失，制定本预案。`,
          `本预案适用于${office.place}行政区域内${hazard}的预防和应急处置。`,
          `应急响应分为四级，由高到低分别为Ⅰ级、Ⅱ级、Ⅲ级、Ⅳ级。`,
          `本预案自发布之日起实施。`,
        ],
        columns: ['art20_12', 'cat-business'],
        keywords: ['应急预案', hazard],
        docType: 'other',
        numbered: true,
      };
    },
  },
  {
    // 招录公告（不列人员名单）
    weight: 2,
    offices: ['department', 'town'],
    build: (rnd, office, _topic, year) => ({
      title: `${office.name}${year}年公开招聘编外工作人员公告`,
      summary: `公布招聘岗位、名额、报名条件和程序。`,
      paragraphs: [
        `因工作需要，${office.name}拟公开招聘编外工作人员${rnd.int(1, 12)}名。`,
        `一、招聘岗位及名额：详见岗位表（演示数据）。`,
        `二、报名条件：具有中华人民共和国国籍，遵守宪法和法律，具有岗位所需的学历和专业条件。`,
        `三、报名方式：通过东莞市人才服务网上平台报名（演示）。`,
        `拟聘用人员名单另行公示（演示数据不含任何人员信息）。`,
      ],
      columns: ['art20_14', 'cat-other'],
      keywords: ['招聘', '公告'],
      docType: 'other',
      numbered: false,
    }),
  },
  {
    // 行政规范性文件
    weight: 5,
    offices: ['city', 'department'],
    build: (rnd, office, topic, _year) => ({
      title: `${office.place}${topic.name}${rnd.pick(['管理办法', '实施细则', '实施办法', '若干措施'])}`,
      summary: `规范${office.place}${topic.name}工作，明确适用范围、职责分工、办理程序和监督管理。`,
      paragraphs: [
        `第一条 为规范${topic.name}工作，根据有关法律、法规和规章，结合本市实际，制定本办法。`,
        `第二条 本办法适用于本市行政区域内的${topic.name}及其监督管理活动。`,
        `第三条 ${office.name}负责本办法的组织实施，各镇（街道）和有关部门按照职责分工做好相关工作。`,
        `第四条 本办法自印发之日起施行，有效期五年。`,
      ],
      columns: withKeyArea(topic, ['art20_1', 'cat-regulations']),
      keywords: [...topic.keywords, '规范性文件'],
      docType: 'normative',
      numbered: true,
    }),
  },
  {
    // 规章（市政府令）
    weight: 2,
    offices: ['city'],
    build: (rnd, office, topic) => ({
      title: `东莞市${rnd.pick(['城市绿化', '排水', '住房租赁', '电动自行车', '养犬', '历史文化名镇名村保护', '扬尘污染防治'])}管理规定`,
      summary: `东莞市人民政府规章，规定管理职责、行为规范和法律责任。`,
      paragraphs: [
        `第一条 为加强管理，维护公共利益，根据有关法律、法规，结合本市实际，制定本规定。`,
        `第二条 本规定适用于本市行政区域内的相关活动及其监督管理。`,
        `第三条 市人民政府有关部门按照各自职责做好相关工作。`,
        `第四条 违反本规定的，由有关部门依法处理。`,
        `第五条 本规定自公布之日起三十日后施行。`,
      ],
      columns: ['art20_1', 'cat-regulations'],
      keywords: [...topic.keywords.slice(0, 1), '政府规章'],
      docType: 'regulation',
      numbered: true,
      decree: true,
    }),
  },
];

/** The 年度报告 of 条例第五十条: every office, every year, published by 31 January. */
function annualReport(office: DemoOffice, year: number): Draft {
  return {
    title: `${office.name}${year}年政府信息公开工作年度报告`,
    summary: `依照《中华人民共和国政府信息公开条例》第五十条，报告${year}年主动公开、依申请公开、复议诉讼和工作改进情况。`,
    paragraphs: [
      `本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息公开工作年度报告格式要求编制。`,
      `一、总体情况：${year}年，${office.name}坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。`,
      `二、主动公开政府信息情况：详见报告表格（演示数据）。`,
      `三、收到和处理政府信息公开申请情况：详见报告表格（演示数据）。`,
      `四、政府信息公开行政复议、行政诉讼情况：详见报告表格（演示数据）。`,
      `五、存在的主要问题及改进情况：部分栏目更新不够及时，下一步将加强信息发布审核和栏目维护。`,
    ],
    columns: ['cat-other'],
    keywords: ['年度报告', '政府信息公开'],
    docType: 'other',
    numbered: false,
  };
}

function officeWeight(office: DemoOffice): number {
  return office.kind === 'city' ? 40 : office.kind === 'department' ? 7 : office.kind === 'town' ? 3 : 1;
}

/**
 * The demo items, in the interchange format, sorted by publication date. Items dated after `today`
 * (only when the demo is loaded before DEMO_LAST_DATE) become drafts without a publication date.
 */
export function demoCatalogItems(options: { today: string; count?: number }): DemoItem[] {
  const rnd = random(SEED);
  const offices = demoOffices();
  const count = options.count ?? DEMO_ITEM_COUNT;
  const weights = offices.map(officeWeight);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickOffice = () => {
    let r = rnd.next() * totalWeight;
    for (let i = 0; i < offices.length; i++) {
      r -= weights[i]!;
      if (r < 0) return offices[i]!;
    }
    return offices[offices.length - 1]!;
  };

  const drafts: { office: DemoOffice; draft: Draft; publishedOn: string }[] = [];
  // Every office's annual reports for 2023–2025, published in January of the next year.
  for (const office of offices) {
    for (const year of [2023, 2024, 2025]) {
      drafts.push({
        office,
        draft: annualReport(office, year),
        publishedOn: weekday(`${year + 1}-01-${String(rnd.int(10, 26)).padStart(2, '0')}`),
      });
    }
  }
  while (drafts.length < count) {
    const office = pickOffice();
    const kinds = KINDS.filter((k) => k.offices.includes(office.kind));
    const kindWeight = kinds.reduce((a, k) => a + k.weight, 0);
    let r = rnd.next() * kindWeight;
    const kind = kinds.find((k) => (r -= k.weight) < 0) ?? kinds[0]!;
    const publishedOn = weekday(rnd.dateBetween(DEMO_FIRST_DATE, DEMO_LAST_DATE));
    const year = Number(publishedOn.slice(0, 4));
    drafts.push({ office, draft: kind.build(rnd, office, rnd.pick(office.topics), year), publishedOn });
  }
  drafts.sort((a, b) => (a.publishedOn < b.publishedOn ? -1 : a.publishedOn > b.publishedOn ? 1 : 0));

  // 文号 in date order per office and year; 政府令 numbered city-wide.
  const docSeq = new Map<string, number>();
  let decree = 0;
  const seenTitles = new Set<string>();
  return drafts.map(({ office, draft, publishedOn }) => {
    const year = Number(publishedOn.slice(0, 4));
    // 成文日期: usually a few days before publication; now and then too late for 条例第二十六条.
    const formedOn = weekday(addDays(publishedOn, rnd.chance(0.04) ? -rnd.int(35, 70) : -rnd.int(1, 14)));
    let docNumber: string | undefined;
    if (draft.decree) docNumber = `东莞市人民政府令第${(decree += 1) + 200}号`;
    else if (draft.numbered) {
      const key = `${office.abbr}:${year}`;
      const n = (docSeq.get(key) ?? 0) + 1;
      docSeq.set(key, n);
      docNumber = `${office.abbr}〔${year}〕${n}号`;
    }
    // Titles repeat in real catalogs (monthly 公示) but an identical pair reads oddly: add the 文号 or a date.
    let title = draft.title;
    if (seenTitles.has(title)) title = `${title}（${docNumber ?? publishedOn}）`;
    seenTitles.add(title);

    let validity: DemoItem['validity'] | undefined;
    if (draft.docType !== 'other') {
      const effectiveOn =
        draft.docType === 'regulation'
          ? addDays(publishedOn, 30)
          : rnd.chance(0.5)
            ? publishedOn
            : addDays(publishedOn, rnd.int(10, 30));
      // Some older documents have been abolished since (废止), at most on DEMO_LAST_DATE.
      let abolishedOn: string | null = null;
      if (year <= 2024 && rnd.chance(0.3)) {
        const candidate = weekday(addDays(effectiveOn, rnd.int(200, 700)));
        abolishedOn = candidate <= DEMO_LAST_DATE ? candidate : null;
      }
      validity = { effectiveOn, abolishedOn };
    }
    const published = publishedOn <= options.today;
    return {
      org: office.code,
      title: `${DEMO_TITLE_PREFIX}${title}`,
      summary: draft.summary,
      body: [DEMO_BODY_NOTICE, ...draft.paragraphs, `${office.name}`, formatChineseDate(formedOn)].join('\n'),
      formedOn,
      ...(published ? { publishedOn } : {}),
      ...(docNumber ? { docNumber } : {}),
      columns: [...new Set(draft.columns)],
      keywords: [...new Set(draft.keywords)].slice(0, 6),
      docType: draft.docType,
      ...(validity ? { validity } : {}),
      status: published ? 'published' : 'draft',
    };
  });
}

/** 2025-03-01 → 2025年3月1日, as a document's signature date. */
function formatChineseDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
