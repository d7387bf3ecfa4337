import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import { addCalendarDays, type IsoDate } from '../calendar/dates.rules.js';
import { residentIdCheckDigit } from '../catalog/pii.rules.js';
import { isValidCreditCode } from '../requests/applicant.rules.js';
import { deriveApplicationState } from '../requests/application-state.rules.js';
import type {
  AppealKind,
  AppealResult,
  ApplicantType,
  ApplicationEvent,
  Channel,
  ConsultationParty,
  Outcome,
} from '../requests/codes.js';
import type { DeliveryMethod } from '../requests/request-input.js';
import type { InterchangeApplication } from '../requests/interchange/interchange.rules.js';
import { DEMO_DOMAIN, STREETS, TOWNS, demoCityOrgs } from './demo-city.js';
import { DEMO_TITLE_PREFIX } from './demo-items.js';
import { seededRandom } from '../platform/seeded-random.js';

/**
 * Synthetic 依申请公开 applications for the demo city, in the request interchange format (contracts §4),
 * loaded by `loadDemo` through `importApplications` — the same checks (`validateEventSequence`), the
 * same encryption of ID and phone numbers and the same state cache (`deriveApplicationState`) as an
 * office's migration.
 *
 * About two thousand applications received from DEMO_FIRST_RECEIPT (or, when `today` is past
 * DEMO_RELATIVE_AFTER, the 18 months before `today`) up to `today`, across the demo organisations
 * (自然资源局, 住房和城乡建设局 and the towns get most), the channels in about the shares of the seed
 * report (当面 56%, 信函 26%, 网络 18%, plus a few e-mails and faxes), the six applicant types (mostly
 * natural persons), and every state and outcome: each event date is placed with the working calendar
 * (answers mostly within the due date, a few late), and whatever would happen after `today` has not
 * happened yet, so the recent applications are open — fresh, due soon, overdue, awaiting correction,
 * consulting, extended, awaiting a fee. A fixed "showcase" set anchored on `today` makes sure that
 * every status, all 21 outcomes, a transfer and every kind and result of appeal are present whatever
 * the date.
 *
 * Nobody real: names are 张某某（演示）; ID numbers are 18 digits with region 000000, birth date
 * 1900-00-00 and a wrong check digit (no resident ID, and the personal-data scan's pattern needs a
 * first digit 1–9); phones are 100-0000-xxxx (no mainland mobile begins 100); e-mail addresses are
 * under the reserved `.invalid` domain; organisations' credit codes fail their check character;
 * descriptions start with 【演示】. Deterministic: a seeded PRNG and dates computed from `today`.
 */

export const DEMO_FIRST_RECEIPT = '2025-06-01';
/** After this date the span is the 18 months before `today` instead of starting at DEMO_FIRST_RECEIPT. */
export const DEMO_RELATIVE_AFTER = '2026-12-31';
/** The bulk of the applications, spread over the span; the showcase set comes on top. */
export const DEMO_RANDOM_APPLICATION_COUNT = 1_960;
export const DEMO_APPLICANT_NAME_MARK = '（演示）';
/** Every demo phone number starts with this: no mainland number begins with 100. */
export const DEMO_PHONE_PREFIX = '100-0000-';
export const DEMO_ID_PREFIX = '00000019000000';
const SEED = 20_151_207;

/** A ground of the answer grounds list (request_answer_grounds), as the answer step records it. */
export interface DemoAnswerGround {
  code: string;
  label: string;
  outcome: string;
  article: string | null;
}

export interface DemoApplicationsOptions {
  /** The office date of the load: nothing happens after it. */
  today: IsoDate;
  calendar: WorkingCalendar;
  /** The active answer grounds, so closing events carry a ground as the answer step does. */
  grounds?: readonly DemoAnswerGround[];
  count?: number;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  chance(p: number): boolean;
}

function random(seed: number): Random {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [item, w] of items) {
        x -= w;
        if (x < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// Working-day helpers over the office calendar

function nextWorkday(cal: WorkingCalendar, date: IsoDate): IsoDate {
  return cal.isWorkingDay(date) ? date : cal.addWorkingDays(date, 1);
}

function previousWorkday(cal: WorkingCalendar, date: IsoDate): IsoDate {
  let d = date;
  for (let i = 0; i < 60 && !cal.isWorkingDay(d); i++) d = addCalendarDays(d, -1);
  return d;
}

/** The working day n working days before `date` (the inverse of addWorkingDays for a working day). */
function workdaysBefore(cal: WorkingCalendar, date: IsoDate, n: number): IsoDate {
  let d = date;
  let k = 0;
  while (k < n) {
    d = addCalendarDays(d, -1);
    if (cal.isWorkingDay(d)) k++;
  }
  return d;
}

const maxOf = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

// ---------------------------------------------------------------------------------------------
// Who applies, where, how and for what

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗梁叶谢钟邓蔡袁'.split('');
const PLACES = [
  ...STREETS.map(([suffix, name]) => ({ suffix, name: `${name}街道` })),
  ...TOWNS.map(([suffix, name]) => ({ suffix, name: `${name}镇` })),
];
const ROADS = ['演示一路', '演示二路', '演示大道', '演示环路', '演示北路', '演示南路'];
const PLOTS = ['东片区', '西片区', '南片区', '北片区', '中心片区', '滨江片区', '新城片区'];
const PROJECTS = [
  '演示大道快速化改造工程',
  '演示路东延线工程',
  '演示片区综合整治工程',
  '演示水库扩容工程',
  '演示产业园基础设施工程',
  '演示河碧道建设工程',
  '演示片区城市更新单元',
  '演示站综合交通枢纽工程',
];
const COMPANY_WORDS = ['贸易', '电子', '建材', '物流', '餐饮', '置业', '五金', '印刷', '塑胶', '家具'];

/** Requests by subject: templates with {place} {plot} {project} {road} {year} {company}. */
const SUBJECTS: Record<string, readonly string[]> = {
  land: [
    '{place}{plot}集体土地征收的征地补偿安置方案',
    '{project}项目用地的征收土地批复文件及征收范围图',
    '{place}{plot}征地补偿标准及补偿款发放情况（本户部分）',
    '{place}国土空间总体规划（2021—2035年）的批复文件',
    '{project}建设项目用地预审与选址意见书',
    '{place}{plot}地块国有建设用地使用权出让合同',
  ],
  building: [
    '{project}的建设工程规划许可证及附图',
    '{place}{plot}城市更新单元的拆迁补偿方案及房屋征收决定',
    '{project}的施工许可证及竣工验收备案材料',
    '{place}{road}某小区的规划条件及规划验收合格证',
    '{year}年保障性租赁住房的分配名单及审核标准',
    '{place}老旧小区改造项目的立项批复及资金使用情况',
  ],
  finance: [
    '{year}年市级财政预算执行情况及决算报告',
    '{year}年本单位部门预算及“三公”经费支出情况',
    '{place}{year}年财政专项资金的分配及使用明细',
    '{project}的财政投资评审结论',
  ],
  environment: [
    '{project}的环境影响评价报告书及审批意见',
    '东莞市{company}有限公司（演示）的排污许可证及自行监测数据',
    '{place}{road}一带噪声扰民投诉的处理结果',
    '{year}年{place}空气质量及水环境监测数据',
  ],
  transport: [
    '{project}的工程可行性研究报告批复',
    '{road}交通组织优化方案及论证材料',
    '{year}年公交线路调整的论证及公示材料',
  ],
  social: [
    '{year}年事业单位公开招聘的成绩及拟聘人员名单',
    '{year}年最低生活保障标准的调整文件',
    '{place}{year}年就业补贴资金的发放情况',
    '{year}年义务教育阶段学位分配办法及积分标准',
  ],
  enforcement: [
    '对东莞市{company}有限公司（演示）作出的行政处罚决定书',
    '{place}{road}违法建设的查处情况及处理决定',
    '{year}年食品安全监督抽检结果及处理情况',
    '{place}{road}占道经营整治的执法依据及处理记录',
  ],
  general: [
    '{year}年本单位政府信息公开工作年度报告所列数据的统计依据',
    '{year}年第{n}次局务会议纪要中涉及{project}的内容',
    '关于{project}的请示及上级批复',
    '{year}年本单位行政规范性文件目录及有效性情况',
    '{place}{plot}村（社区）集体资产交易及财务公开情况',
  ],
};

/** [organisation code or kind selector, weight, subjects]: the busier bodies first. */
const ORG_WEIGHTS: Record<string, [number, (keyof typeof SUBJECTS)[]]> = {
  'dg-zrzyj': [13, ['land', 'land', 'general']],
  'dg-zjj': [10, ['building', 'building', 'general']],
  'dg-cgj': [4, ['enforcement', 'building']],
  'dg-sthjj': [4, ['environment']],
  'dg-czj': [3, ['finance']],
  'dg-rsj': [3, ['social']],
  'dg-jtj': [3, ['transport']],
  'dg-fgj': [2.5, ['general', 'transport', 'finance']],
  'dg-scjgj': [2.5, ['enforcement']],
  'dg-gaj': [2, ['enforcement', 'general']],
  'dg-swj': [2, ['environment', 'general']],
  'dg-jyj': [2, ['social']],
  'dg-mzj': [1.5, ['social']],
  'dg-zfb': [2, ['general', 'finance']],
  dg: [2, ['general', 'land', 'building']],
};
const DEFAULT_DEPARTMENT: [number, (keyof typeof SUBJECTS)[]] = [0.8, ['general']];
const TOWN: [number, (keyof typeof SUBJECTS)[]] = [1.4, ['land', 'building', 'general', 'finance']];
const TOWN_OFFICE: [number, (keyof typeof SUBJECTS)[]] = [0.4, ['general', 'enforcement']];

interface DemoOrg {
  code: string;
  kind: string;
  place: string;
  weight: number;
  subjects: (keyof typeof SUBJECTS)[];
}

function demoOrgs(): DemoOrg[] {
  return demoCityOrgs().map((o) => {
    const own = PLACES.find((p) => `dg-${p.suffix}` === o.code);
    const parentTown = PLACES.find((p) => `dg-${p.suffix}` === o.parent);
    const [weight, subjects] =
      ORG_WEIGHTS[o.code] ?? (own ? TOWN : parentTown ? TOWN_OFFICE : DEFAULT_DEPARTMENT);
    const place = own?.name ?? parentTown?.name ?? '';
    return { code: o.code, kind: o.kind, place, weight, subjects };
  });
}

const CHANNELS: [Channel, number][] = [
  ['in_person', 54],
  ['registered_mail', 16],
  ['ordinary_mail', 9],
  ['online', 17],
  ['email', 2.5],
  ['fax', 1],
  ['other', 0.5],
];

const APPLICANT_TYPES: [ApplicantType, number][] = [
  ['natural_person', 82],
  ['commercial_enterprise', 7],
  ['research_institution', 1.5],
  ['public_interest_org', 1.5],
  ['legal_service_org', 5],
  ['other_org', 3],
];

/** Ordinary answers (the special closings come from their own flows). */
const ANSWER_OUTCOMES: [Outcome, number][] = [
  ['granted', 40],
  ['partial', 13],
  ['unavailable.not_held', 18],
  ['unavailable.needs_creation', 3.5],
  ['withheld.third_party_rights', 4],
  ['withheld.process_info', 3],
  ['withheld.internal_affairs', 1.5],
  ['withheld.enforcement_file', 1.5],
  ['withheld.query_matter', 2],
  ['withheld.state_secret', 0.3],
  ['withheld.prohibited_by_law', 0.6],
  ['withheld.security_stability', 0.3],
  ['declined.complaint_petition', 3],
  ['declined.duplicate', 2],
  ['declined.publication', 1],
  ['declined.excessive', 0.5],
  ['declined.confirm_reissue', 1.5],
  ['other.other', 1],
];

/** A pool of fictitious applicants, so that some people apply more than once (as they do). */
const PERSON_POOL = 700;
const ORG_POOL = 120;

/** 18 digits that no resident ID can be: region 000000, birth date 1900-00-00, a wrong check digit. */
export function demoIdNumber(n: number): string {
  const first17 = `${DEMO_ID_PREFIX}${String(n % 1000).padStart(3, '0')}`;
  const right = residentIdCheckDigit(first17);
  return `${first17}${right === '0' ? '1' : '0'}`;
}

/** A credit-code-shaped value whose check character is wrong (GB 32100 rejects it). */
function demoCreditCode(n: number): string {
  const first17 = `000000000000${String(n).padStart(5, '0')}`;
  const right = isValidCreditCode(`${first17}0`) ? '0' : isValidCreditCode(`${first17}1`) ? '1' : null;
  return `${first17}${right === '0' ? '1' : '0'}`;
}

export function demoPhone(n: number): string {
  return `${DEMO_PHONE_PREFIX}${String(n % 10_000).padStart(4, '0')}`;
}

interface Applicant {
  type: ApplicantType;
  name: string;
  idNumber?: string;
  creditCode?: string;
  contactPerson?: string;
  phone: string;
  email?: string;
  address: string;
}

function personApplicant(n: number): Applicant {
  const rnd = random(SEED + 7 * n + 1);
  const surname = SURNAMES[n % SURNAMES.length]!;
  const given = rnd.chance(0.7) ? '某某' : '某';
  const place = rnd.pick(PLACES).name;
  return {
    type: 'natural_person',
    name: `${surname}${given}${DEMO_APPLICANT_NAME_MARK}`,
    idNumber: demoIdNumber(n),
    phone: demoPhone(n),
    ...(rnd.chance(0.45) ? { email: `applicant-${String(n).padStart(4, '0')}@mail.${DEMO_DOMAIN}` } : {}),
    address: `东莞市${place}${rnd.pick(ROADS)}${rnd.int(1, 300)}号（演示地址）`,
  };
}

function orgApplicant(type: ApplicantType, n: number): Applicant {
  const rnd = random(SEED + 13 * n + 5);
  const word = rnd.pick(COMPANY_WORDS);
  const place = rnd.pick(PLACES).name;
  const name = {
    natural_person: '',
    commercial_enterprise: `东莞市演示${word}有限公司`,
    research_institution: `演示${rnd.pick(['城市规划', '环境科学', '公共政策', '土地经济'])}研究院`,
    public_interest_org: `东莞市演示${rnd.pick(['环保', '社区发展', '助老', '公益法律'])}服务中心`,
    legal_service_org: `广东演示${rnd.pick(['明法', '衡正', '中信', '德和'])}律师事务所`,
    other_org: `${place}${rnd.pick(PLOTS)}股份经济联合社`,
  }[type];
  return {
    type,
    name: `${name}${DEMO_APPLICANT_NAME_MARK}`,
    creditCode: demoCreditCode(n),
    contactPerson: `${SURNAMES[(n * 7) % SURNAMES.length]}某${DEMO_APPLICANT_NAME_MARK}`,
    phone: demoPhone(5_000 + n),
    email: `contact-${String(n).padStart(4, '0')}@org.${DEMO_DOMAIN}`,
    address: `东莞市${place}${rnd.pick(ROADS)}${rnd.int(1, 300)}号（演示地址）`,
  };
}

function describeRequest(rnd: Random, org: DemoOrg, year: number): string {
  const template = rnd.pick(SUBJECTS[rnd.pick(org.subjects)]!);
  const place = org.place || (rnd.chance(0.5) ? rnd.pick(PLACES).name : '');
  const text = template
    .replaceAll('{place}', place)
    .replaceAll('{plot}', rnd.pick(PLOTS))
    .replaceAll('{project}', rnd.pick(PROJECTS))
    .replaceAll('{road}', rnd.pick(ROADS))
    .replaceAll('{year}', String(rnd.chance(0.7) ? year - 1 : year))
    .replaceAll('{company}', rnd.pick(COMPANY_WORDS))
    .replaceAll('{n}', String(rnd.int(1, 24)));
  return `${DEMO_TITLE_PREFIX}申请公开${text}。（演示数据，非真实申请）`;
}

function deliveryOf(rnd: Random, channel: Channel, applicant: Applicant): DeliveryMethod {
  const email = applicant.email !== undefined;
  switch (channel) {
    case 'online':
      return email && rnd.chance(0.5) ? 'email' : 'online_download';
    case 'email':
      return 'email';
    case 'fax':
      return rnd.chance(0.5) ? 'fax' : 'post';
    case 'in_person':
      return rnd.chance(0.55) ? 'pickup' : email && rnd.chance(0.3) ? 'email' : 'post';
    default:
      return email && rnd.chance(0.2) ? 'email' : 'post';
  }
}

/** The submission instant with its offset; letters were posted a few days before they arrived. */
function submittedAtOf(rnd: Random, channel: Channel, receivedOn: IsoDate): string {
  const hh = (min: number, max: number) => String(rnd.int(min, max)).padStart(2, '0');
  const mm = String(rnd.int(0, 59)).padStart(2, '0');
  switch (channel) {
    case 'online':
    case 'email':
      return `${receivedOn}T${hh(7, 23)}:${mm}:00+08:00`;
    case 'registered_mail':
      return `${addCalendarDays(receivedOn, -rnd.int(1, 3))}T${hh(9, 17)}:${mm}:00+08:00`;
    case 'ordinary_mail':
      return `${addCalendarDays(receivedOn, -rnd.int(2, 6))}T${hh(9, 17)}:${mm}:00+08:00`;
    default:
      return `${receivedOn}T${hh(9, 16)}:${mm}:00+08:00`;
  }
}

/** Channels whose receipt date is an office working day (handed in, signed for, confirmed). */
const ANY_DAY_CHANNELS: readonly Channel[] = ['online', 'email'];

// ---------------------------------------------------------------------------------------------
// Event logs

type Ev = ApplicationEvent & Record<string, unknown>;

class LogBuilder {
  readonly events: Ev[] = [];
  constructor(
    readonly receivedOn: IsoDate,
    private readonly cal: WorkingCalendar,
    private readonly grounds: ReadonlyMap<string, DemoAnswerGround[]>,
    private readonly rnd: Random,
  ) {}

  get last(): IsoDate {
    return this.events.at(-1)?.on ?? this.receivedOn;
  }

  /** Appends an event no earlier than the one before it. */
  push(event: Ev): this {
    this.events.push({ ...event, on: maxOf(event.on, this.last) });
    return this;
  }

  /** n working days after `from` (default: the last event). */
  wd(n: number, from: IsoDate = this.last): IsoDate {
    return this.cal.addWorkingDays(from, n);
  }

  /** The answer due date of the log so far (pauses closed or run to their window). */
  dueOn(): IsoDate {
    const horizon = addCalendarDays(this.last, 90);
    const state = deriveApplicationState(this.receivedOn, this.events, this.cal, horizon);
    return state.dueOn ?? this.wd(20);
  }

  workdaysBefore(date: IsoDate, n: number): IsoDate {
    return workdaysBefore(this.cal, date, n);
  }

  close(on: IsoDate, outcome: Outcome): this {
    const candidates =
      outcome === 'partial'
        ? (this.grounds.get('withheld.third_party_rights') ?? [])
        : (this.grounds.get(outcome) ?? []);
    const ground = candidates.length > 0 ? this.rnd.pick(candidates) : null;
    const needsGround = outcome === 'partial' || /^(withheld|unavailable|declined)\./.test(outcome);
    return this.push({
      type: 'closed',
      on,
      outcome,
      ...(needsGround && ground
        ? {
            groundCode: ground.code,
            groundLabel: ground.label,
            article: ground.article
              ? `《中华人民共和国政府信息公开条例》${ground.article.replace(/^条例/, '')}`
              : null,
          }
        : {}),
    });
  }

  appeal(kind: AppealKind, filedOn: IsoDate, result: AppealResult | null, decidedOn: IsoDate | null): this {
    const body = kind === 'reconsideration' ? '东莞市人民政府（行政复议机关）' : '东莞市第一人民法院（演示）';
    this.push({ type: 'appeal_filed', on: nextWorkday(this.cal, filedOn), kind, body });
    if (result && decidedOn)
      this.push({ type: 'appeal_decided', on: nextWorkday(this.cal, decidedOn), kind, result });
    return this;
  }
}

const APPEAL_RESULTS: [AppealResult, number][] = [
  ['upheld', 60],
  ['corrected', 22],
  ['other', 18],
];

/** Appeals against an answer: 行政复议 (and sometimes a suit after it) or a suit directly. */
function maybeAppeal(rnd: Random, log: LogBuilder, outcome: Outcome): void {
  const adverse = outcome !== 'granted';
  if (!rnd.chance(adverse ? 0.075 : 0.004)) return;
  const closedOn = log.last;
  if (rnd.chance(0.65)) {
    const filed = addCalendarDays(closedOn, rnd.int(5, 55));
    const decided = addCalendarDays(filed, rnd.int(30, 70));
    const result = rnd.weighted(APPEAL_RESULTS);
    log.appeal('reconsideration', filed, result, decided);
    if (result !== 'corrected' && rnd.chance(0.3)) {
      const sued = addCalendarDays(decided, rnd.int(3, 14));
      log.appeal(
        'litigation_after_reconsideration',
        sued,
        rnd.weighted(APPEAL_RESULTS),
        addCalendarDays(sued, rnd.int(60, 180)),
      );
    }
  } else {
    const filed = addCalendarDays(closedOn, rnd.int(15, 170));
    log.appeal(
      'litigation_direct',
      filed,
      rnd.weighted(APPEAL_RESULTS),
      addCalendarDays(filed, rnd.int(60, 200)),
    );
  }
}

/** One ordinary application's whole life, as it would unfold; the caller cuts it at `today`. */
function plannedLog(rnd: Random, log: LogBuilder, transferTo: string | null, channel: Channel): void {
  const r = log.receivedOn;
  if (transferTo) log.push({ type: 'transferred', on: log.wd(rnd.int(1, 3)), to: transferTo });
  // 当场答复: an in-person applicant asking for something already public gets it there and then.
  if (channel === 'in_person' && !transferTo && rnd.chance(0.05)) {
    log.close(r, rnd.chance(0.85) ? 'granted' : 'partial');
    return;
  }
  if (rnd.chance(0.035)) {
    log.push({ type: 'withdrawn', on: log.wd(rnd.int(1, 14)) });
    return;
  }
  if (rnd.chance(0.09)) {
    // 补正 within 7 working days (a few late: a supervision finding), 10–15 working days to answer.
    const requested = log.wd(rnd.chance(0.92) ? rnd.int(1, 7) : rnd.int(8, 10), r);
    const correctionDueOn = log.wd(rnd.int(10, 15), requested);
    log.push({ type: 'correction_requested', on: requested, correctionDueOn });
    if (rnd.chance(0.22)) {
      log.close(log.wd(rnd.int(1, 5), correctionDueOn), 'other.no_correction');
      return;
    }
    log.push({ type: 'correction_received', on: log.wd(rnd.int(2, 9)) });
    if (rnd.chance(0.25)) {
      log.close(log.wd(rnd.int(3, 15)), 'unavailable.unclear_after_correction');
      maybeAppeal(rnd, log, 'unavailable.unclear_after_correction');
      return;
    }
  }
  let consultationOpen = false;
  if (rnd.chance(0.07)) {
    const party: ConsultationParty = rnd.chance(0.7) ? 'third_party' : 'agency';
    log.push({ type: 'consultation_started', on: log.wd(rnd.int(2, 8)), party });
    // Most replies come back within the 15 working days; some never do and the window runs out.
    if (rnd.chance(0.85)) log.push({ type: 'consultation_ended', on: log.wd(rnd.int(3, 14)) });
    else consultationOpen = true;
  }
  if (!consultationOpen && rnd.chance(0.025)) {
    const notice = log.wd(rnd.int(3, 8));
    log.push({ type: 'fee_notified', on: notice, amountYuan: rnd.pick([100, 100, 200, 300, 20, 50]) });
    if (rnd.chance(0.2)) {
      log.close(log.wd(20 + rnd.int(1, 3), notice), 'other.fee_unpaid');
      return;
    }
    log.push({ type: 'fee_paid', on: log.wd(rnd.int(1, 12)) });
  }
  let due = log.dueOn();
  if (rnd.chance(0.1)) {
    const on = maxOf(log.last, log.workdaysBefore(due, rnd.int(1, 5)));
    log.push({ type: 'extended', on, workdays: rnd.chance(0.8) ? 20 : rnd.int(10, 19) });
    due = log.dueOn();
  }
  const answeredOn = rnd.chance(0.05)
    ? log.wd(rnd.int(1, 8), due) // late: a supervision finding
    : maxOf(log.last, log.workdaysBefore(due, rnd.int(0, 16)));
  const outcome = rnd.weighted(ANSWER_OUTCOMES);
  log.close(answeredOn, outcome);
  maybeAppeal(rnd, log, outcome);
}

/** The log as of `today`: what had not happened yet is left out (the events are in date order). */
function asOfToday(events: readonly Ev[], today: IsoDate): Ev[] {
  const out: Ev[] = [];
  for (const e of events) {
    if (e.on > today) break;
    out.push(e);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The applications

export function demoSpan(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const relative = today > DEMO_RELATIVE_AFTER || addCalendarDays(DEMO_FIRST_RECEIPT, 180) > today;
  return { from: relative ? addCalendarDays(today, -548) : DEMO_FIRST_RECEIPT, to: today };
}

export function demoApplications(options: DemoApplicationsOptions): InterchangeApplication[] {
  const { today, calendar: cal } = options;
  const rnd = random(SEED);
  const grounds = new Map<string, DemoAnswerGround[]>();
  for (const g of options.grounds ?? []) grounds.set(g.outcome, [...(grounds.get(g.outcome) ?? []), g]);
  const orgs = demoOrgs();
  const weightedOrgs = orgs.map((o) => [o, o.weight] as const);
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const { from } = demoSpan(today);
  const spanDays = Math.round((Date.parse(today) - Date.parse(from)) / 86_400_000);
  const out: InterchangeApplication[] = [];
  let personSeq = 0;
  let orgSeq = 0;

  const applicantOf = (type: ApplicantType): Applicant => {
    if (type === 'natural_person') {
      // Mostly different people; some come back (a few often).
      const n = rnd.chance(0.15) ? rnd.int(0, 40) : (personSeq++ % PERSON_POOL) + 41;
      return personApplicant(n);
    }
    return orgApplicant(type, rnd.chance(0.2) ? rnd.int(0, 10) : (orgSeq++ % ORG_POOL) + 11);
  };

  const line = (
    org: DemoOrg,
    channel: Channel,
    type: ApplicantType,
    receivedOn: IsoDate,
    events: Ev[],
  ): InterchangeApplication => {
    const applicant = applicantOf(type);
    return {
      org: org.code,
      channel,
      applicant,
      submittedAt: submittedAtOf(rnd, channel, receivedOn),
      receivedOn,
      description: describeRequest(rnd, org, Number(receivedOn.slice(0, 4))),
      delivery: deliveryOf(rnd, channel, applicant),
      events: asOfToday(events, today),
    };
  };

  const transferTarget = (org: DemoOrg): string => {
    // 转办: a town passes land and building questions to the city bureau, a bureau to its neighbour.
    if (org.kind === 'town') return rnd.pick(['dg-zrzyj', 'dg-zjj', 'dg-cgj']);
    if (org.code === 'dg-zrzyj') return 'dg-zjj';
    if (org.code === 'dg-zjj') return 'dg-zrzyj';
    return rnd.pick(['dg-zrzyj', 'dg-zjj', 'dg-czj', 'dg-sthjj'].filter((c) => c !== org.code));
  };

  // The bulk: receipt dates over the span, a little busier towards the present.
  const count = options.count ?? DEMO_RANDOM_APPLICATION_COUNT;
  for (let i = 0; i < count; i++) {
    const org = rnd.weighted(weightedOrgs);
    const channel = rnd.weighted(CHANNELS);
    const type = rnd.weighted(APPLICANT_TYPES);
    const offset = Math.floor(Math.sqrt(rnd.next()) * (spanDays + 1));
    let receivedOn = addCalendarDays(from, Math.min(offset, spanDays));
    if (!ANY_DAY_CHANNELS.includes(channel)) {
      const next = nextWorkday(cal, receivedOn);
      receivedOn = next <= today ? next : previousWorkday(cal, receivedOn);
    }
    const log = new LogBuilder(receivedOn, cal, grounds, rnd);
    plannedLog(rnd, log, rnd.chance(0.03) ? transferTarget(org) : null, channel);
    out.push(line(org, channel, type, receivedOn, log.events));
  }

  // The showcase: every status, outcome, transfer and appeal, anchored on today.
  const T = previousWorkday(cal, today);
  const ago = (n: number) => workdaysBefore(cal, T, n);
  const show = (
    code: string,
    receivedOn: IsoDate,
    build: (log: LogBuilder) => void,
    channel: Channel = 'in_person',
    type: ApplicantType = 'natural_person',
  ) => {
    const log = new LogBuilder(receivedOn, cal, grounds, rnd);
    build(log);
    out.push(line(byCode.get(code)!, channel, type, receivedOn, log.events));
  };
  const ev = (e: Record<string, unknown>) => e as Ev;

  show('dg-zrzyj', T, () => {}); // received today (or the last working day)
  show('dg-zjj', today, () => {}, 'online'); // online, any day
  show('dg-humen', ago(2), () => {}, 'registered_mail');
  show('dg-zrzyj', ago(18), () => {}); // due in 2 working days: due soon
  show('dg-changan', ago(19), () => {}, 'ordinary_mail'); // due tomorrow
  show('dg-zjj', ago(24), () => {}); // overdue
  show('dg-cgj', ago(30), () => {}, 'email'); // overdue for longer
  show('dg-zrzyj', ago(5), (l) =>
    l.push(ev({ type: 'correction_requested', on: ago(3), correctionDueOn: l.wd(15, ago(3)) })),
  );
  show('dg-humen', ago(25), (l) =>
    // the applicant's correction deadline has passed: staff should close it (alert)
    l.push(ev({ type: 'correction_requested', on: ago(21), correctionDueOn: ago(6) })),
  );
  show('dg-zjj', ago(14), (l) =>
    l
      .push(ev({ type: 'correction_requested', on: ago(12), correctionDueOn: ago(0) }))
      .push(ev({ type: 'correction_received', on: ago(8) })),
  );
  show('dg-zrzyj', ago(10), (l) =>
    l.push(ev({ type: 'consultation_started', on: ago(6), party: 'third_party' })),
  );
  show('dg-sthjj', ago(12), (l) => l.push(ev({ type: 'consultation_started', on: ago(4), party: 'agency' })));
  show('dg-zjj', ago(35), (l) =>
    // no reply within the 15 working days: the window has passed (alert)
    l.push(ev({ type: 'consultation_started', on: ago(30), party: 'third_party' })),
  );
  show('dg-zrzyj', ago(22), (l) => l.push(ev({ type: 'extended', on: ago(3), workdays: 20 })));
  show('dg-zjj', ago(45), (l) =>
    // extended and now overdue all the same
    l.push(ev({ type: 'extended', on: ago(27), workdays: 15 })),
  );
  show('dg-czj', ago(12), (l) => l.push(ev({ type: 'fee_notified', on: ago(4), amountYuan: 100 })));
  show('dg-zrzyj', ago(15), (l) =>
    l
      .push(ev({ type: 'fee_notified', on: ago(10), amountYuan: 200 }))
      .push(ev({ type: 'fee_paid', on: ago(5) })),
  );
  show('dg-humen', ago(6), (l) => l.push(ev({ type: 'transferred', on: ago(5), to: 'dg-zrzyj' })), 'online');
  show('dg-tangxia', ago(60), (l) =>
    l.push(ev({ type: 'transferred', on: ago(58), to: 'dg-zjj' })).close(ago(45), 'granted'),
  );
  show('dg-zrzyj', ago(40), (l) => l.push(ev({ type: 'withdrawn', on: ago(31) })), 'online');
  show('dg-zjj', ago(8), (l) => l.push(ev({ type: 'withdrawn', on: ago(1) })));
  show('dg-dongcheng', ago(70), (l) => l.close(ago(44), 'granted')); // answered late

  // Every outcome at least once, by every applicant type in turn.
  const types = APPLICANT_TYPES.map(([t]) => t);
  const outcomeOrgs = ['dg-zrzyj', 'dg-zjj', 'dg-humen', 'dg-sthjj', 'dg-czj', 'dg-changping', 'dg-gaj'];
  const simple = ANSWER_OUTCOMES.map(([o]) => o);
  simple.forEach((outcome, i) => {
    const r = ago(80 + 3 * i);
    show(
      outcomeOrgs[i % outcomeOrgs.length]!,
      r,
      (l) => l.close(l.wd(8 + (i % 10), r), outcome),
      CHANNELS[i % CHANNELS.length]![0],
      types[i % types.length],
    );
  });
  show('dg-nancheng', ago(90), (l) =>
    l
      .push(ev({ type: 'correction_requested', on: ago(86), correctionDueOn: ago(74) }))
      .close(ago(72), 'other.no_correction'),
  );
  show('dg-zjj', ago(95), (l) =>
    l
      .push(ev({ type: 'correction_requested', on: ago(90), correctionDueOn: ago(78) }))
      .push(ev({ type: 'correction_received', on: ago(82) }))
      .close(ago(70), 'unavailable.unclear_after_correction'),
  );
  show('dg-zrzyj', ago(100), (l) =>
    l.push(ev({ type: 'fee_notified', on: ago(95), amountYuan: 300 })).close(ago(72), 'other.fee_unpaid'),
  );

  // Appeals: every kind with every result, and pending ones; decided well before today.
  const results: (AppealResult | null)[] = ['upheld', 'corrected', 'other', null];
  const appealOutcomes: Outcome[] = [
    'unavailable.not_held',
    'withheld.process_info',
    'partial',
    'withheld.third_party_rights',
  ];
  results.forEach((result, i) => {
    const r = ago(185 + i);
    const closed = (l: LogBuilder) => {
      l.close(l.wd(15, r), appealOutcomes[i]!);
      return l.last;
    };
    show('dg-zrzyj', r, (l) => {
      const c = closed(l);
      l.appeal('reconsideration', addCalendarDays(c, 20), result, result ? addCalendarDays(c, 70) : null);
    });
    show('dg-zjj', r, (l) => {
      const c = closed(l);
      l.appeal('litigation_direct', addCalendarDays(c, 30), result, result ? addCalendarDays(c, 150) : null);
    });
    show(
      'dg-humen',
      r,
      (l) => {
        const c = closed(l);
        l.appeal('reconsideration', addCalendarDays(c, 15), 'upheld', addCalendarDays(c, 60));
        l.appeal(
          'litigation_after_reconsideration',
          addCalendarDays(c, 70),
          result,
          result ? addCalendarDays(c, 180) : null,
        );
      },
      'registered_mail',
      'legal_service_org',
    );
  });
  return out;
}
