/**
 * The fixed codes of 依申请公开 (contracts §1 and §4): applicant types, channels, the 21 outcomes (the
 * annual report's rows, in report order), event types and appeal kinds/results. Other systems and
 * migrated case files depend on these exact strings; never rename one.
 */

function guard<T extends string>(values: readonly T[]) {
  return (value: unknown): value is T =>
    typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** The six stored applicant types: the first six columns of annual-report table 三. */
export const APPLICANT_TYPES = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'public_interest_org',
  'legal_service_org',
  'other_org',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const isApplicantType = guard(APPLICANT_TYPES);

/** The seven report columns: the six types and `total` (derived, never stored). */
export const REPORT_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];

export const APPLICANT_TYPE_LABELS: Record<ReportColumn, { 'zh-CN': string; en: string }> = {
  natural_person: { 'zh-CN': '自然人', en: 'Natural person' },
  commercial_enterprise: { 'zh-CN': '法人或其他组织·商业企业', en: 'Organisation: commercial enterprise' },
  research_institution: { 'zh-CN': '法人或其他组织·科研机构', en: 'Organisation: research institution' },
  public_interest_org: {
    'zh-CN': '法人或其他组织·社会公益组织',
    en: 'Organisation: public-interest organisation',
  },
  legal_service_org: { 'zh-CN': '法人或其他组织·法律服务机构', en: 'Organisation: legal service' },
  other_org: { 'zh-CN': '法人或其他组织·其他', en: 'Organisation: other' },
  total: { 'zh-CN': '总计', en: 'Total' },
};

/** How an application arrived; 条例第三十一条 decides its receipt date from this (receipt.rules.ts). */
export const CHANNELS = [
  'in_person',
  'registered_mail',
  'ordinary_mail',
  'online',
  'fax',
  'email',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const isChannel = guard(CHANNELS);

export const CHANNEL_LABELS: Record<Channel, { 'zh-CN': string; en: string }> = {
  in_person: { 'zh-CN': '当面提交', en: 'In person' },
  registered_mail: { 'zh-CN': '邮寄（需签收）', en: 'Registered mail (signed for)' },
  ordinary_mail: { 'zh-CN': '平常信函', en: 'Ordinary letter' },
  online: { 'zh-CN': '网络', en: 'Online' },
  fax: { 'zh-CN': '传真', en: 'Fax' },
  email: { 'zh-CN': '电子邮件', en: 'E-mail' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** The older (2015-style) statistics group channels into three: 当面, 信函, 网络 (contracts §1). */
export const CHANNEL_GROUP_2015: Record<Channel, 'in_person' | 'letter' | 'online' | 'other'> = {
  in_person: 'in_person',
  registered_mail: 'letter',
  ordinary_mail: 'letter',
  online: 'online',
  email: 'online',
  fax: 'online',
  other: 'other',
};

/** The 21 outcomes, in the order of the annual report's rows (2021 format). */
export const OUTCOMES = [
  'granted',
  'partial',
  'withheld.state_secret',
  'withheld.prohibited_by_law',
  'withheld.security_stability',
  'withheld.third_party_rights',
  'withheld.internal_affairs',
  'withheld.process_info',
  'withheld.enforcement_file',
  'withheld.query_matter',
  'unavailable.not_held',
  'unavailable.needs_creation',
  'unavailable.unclear_after_correction',
  'declined.complaint_petition',
  'declined.duplicate',
  'declined.publication',
  'declined.excessive',
  'declined.confirm_reissue',
  'other.no_correction',
  'other.fee_unpaid',
  'other.other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isOutcome = guard(OUTCOMES);

export interface OutcomeInfo {
  /** The row label of annual-report table 三 (2021 format). */
  row: { 'zh-CN': string; en: string };
  /** The group heading the row sits under: （一）…（六）. */
  group: { 'zh-CN': string; en: string };
  /** Typical 条例 articles; empty where the regulation names none (contracts §1 "—"). */
  basis: readonly string[];
}

const G = {
  granted: { 'zh-CN': '（一）予以公开', en: '(1) Disclosed' },
  partial: { 'zh-CN': '（二）部分公开', en: '(2) Partly disclosed' },
  withheld: { 'zh-CN': '（三）不予公开', en: '(3) Withheld' },
  unavailable: { 'zh-CN': '（四）无法提供', en: '(4) Cannot be provided' },
  declined: { 'zh-CN': '（五）不予处理', en: '(5) Not handled' },
  other: { 'zh-CN': '（六）其他处理', en: '(6) Other' },
} as const;

export const OUTCOME_INFO: Record<Outcome, OutcomeInfo> = {
  granted: { group: G.granted, row: G.granted, basis: ['36(一)', '36(二)'] },
  partial: { group: G.partial, row: G.partial, basis: ['37'] },
  'withheld.state_secret': {
    group: G.withheld,
    row: { 'zh-CN': '1.属于国家秘密', en: '1. State secret' },
    basis: ['14'],
  },
  'withheld.prohibited_by_law': {
    group: G.withheld,
    row: {
      'zh-CN': '2.其他法律行政法规禁止公开',
      en: '2. Disclosure prohibited by other laws or regulations',
    },
    basis: ['14'],
  },
  'withheld.security_stability': {
    group: G.withheld,
    row: {
      'zh-CN': '3.危及“三安全一稳定”',
      en: '3. Would endanger national, public or economic security or social stability',
    },
    basis: ['14'],
  },
  'withheld.third_party_rights': {
    group: G.withheld,
    row: { 'zh-CN': '4.保护第三方合法权益', en: '4. Protecting the lawful rights of a third party' },
    basis: ['15', '32'],
  },
  'withheld.internal_affairs': {
    group: G.withheld,
    row: { 'zh-CN': '5.属于三类内部事务信息', en: '5. Internal affairs information' },
    basis: ['16'],
  },
  'withheld.process_info': {
    group: G.withheld,
    row: { 'zh-CN': '6.属于四类过程性信息', en: '6. Process information' },
    basis: ['16'],
  },
  'withheld.enforcement_file': {
    group: G.withheld,
    row: { 'zh-CN': '7.属于行政执法案卷', en: '7. Administrative enforcement file' },
    basis: ['16'],
  },
  'withheld.query_matter': {
    group: G.withheld,
    row: { 'zh-CN': '8.属于行政查询事项', en: '8. Matter for an administrative query procedure' },
    basis: ['36(七)'],
  },
  'unavailable.not_held': {
    group: G.unavailable,
    row: { 'zh-CN': '1.本机关不掌握相关政府信息', en: '1. Not held by this body' },
    basis: ['36(四)', '36(五)'],
  },
  'unavailable.needs_creation': {
    group: G.unavailable,
    row: { 'zh-CN': '2.没有现成信息需要另行制作', en: '2. Would have to be newly created' },
    basis: ['38'],
  },
  'unavailable.unclear_after_correction': {
    group: G.unavailable,
    row: { 'zh-CN': '3.补正后申请内容仍不明确', en: '3. Still unclear after correction' },
    basis: ['30'],
  },
  'declined.complaint_petition': {
    group: G.declined,
    row: { 'zh-CN': '1.信访举报投诉类申请', en: '1. Petition, report or complaint' },
    basis: ['39'],
  },
  'declined.duplicate': {
    group: G.declined,
    row: { 'zh-CN': '2.重复申请', en: '2. Repeated application' },
    basis: ['36(六)'],
  },
  'declined.publication': {
    group: G.declined,
    row: { 'zh-CN': '3.要求提供公开出版物', en: '3. Request for a public publication' },
    basis: ['39'],
  },
  'declined.excessive': {
    group: G.declined,
    row: {
      'zh-CN': '4.无正当理由大量反复申请',
      en: '4. Excessive repeated applications without good reason',
    },
    basis: ['35'],
  },
  'declined.confirm_reissue': {
    group: G.declined,
    row: {
      'zh-CN': '5.要求行政机关确认或重新出具已获取信息',
      en: '5. Request to confirm or re-issue information already obtained',
    },
    basis: [],
  },
  'other.no_correction': {
    group: G.other,
    row: {
      'zh-CN': '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      en: '1. No correction in time without good reason',
    },
    basis: ['30'],
  },
  'other.fee_unpaid': {
    group: G.other,
    row: {
      'zh-CN': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      en: '2. Fee not paid in time',
    },
    basis: ['42'],
  },
  'other.other': {
    group: G.other,
    row: { 'zh-CN': '3.其他', en: '3. Other (including withdrawal)' },
    basis: [],
  },
};

/** The event types of the interchange format (contracts §4): an application is its event log. */
export const EVENT_TYPES = [
  'correction_requested',
  'correction_received',
  'consultation_started',
  'consultation_ended',
  'extended',
  'fee_notified',
  'fee_paid',
  'closed',
  'withdrawn',
  'transferred',
  'appeal_filed',
  'appeal_decided',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const isEventType = guard(EVENT_TYPES);

/** Events after which only appeals may follow. */
export const CLOSING_EVENT_TYPES = ['closed', 'withdrawn'] as const satisfies readonly EventType[];

/**
 * Who is consulted. The contract shows `third_party` (条例32); `agency` is another administrative body
 * (条例33, 34). Both pause the clock the same way.
 */
export const CONSULTATION_PARTIES = ['third_party', 'agency'] as const;
export type ConsultationParty = (typeof CONSULTATION_PARTIES)[number];
export const isConsultationParty = guard(CONSULTATION_PARTIES);

/** 行政复议, 行政诉讼 without reconsideration, 行政诉讼 after reconsideration (annual-report table 四). */
export const APPEAL_KINDS = [
  'reconsideration',
  'litigation_direct',
  'litigation_after_reconsideration',
] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
export const isAppealKind = guard(APPEAL_KINDS);

/** 结果维持, 结果纠正, 其他结果 (尚未审结 = `pending` is derived: filed and not decided). */
export const APPEAL_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];
export const isAppealResult = guard(APPEAL_RESULTS);

/** One event of an application's log, as in the interchange format (dates `YYYY-MM-DD`, office time zone). */
export type ApplicationEvent =
  | { type: 'correction_requested'; on: string; correctionDueOn: string }
  | { type: 'correction_received'; on: string }
  | { type: 'consultation_started'; on: string; party: ConsultationParty }
  | { type: 'consultation_ended'; on: string }
  | { type: 'extended'; on: string; workdays: number }
  | { type: 'fee_notified'; on: string; amountYuan: number }
  | { type: 'fee_paid'; on: string }
  | { type: 'closed'; on: string; outcome: Outcome }
  | { type: 'withdrawn'; on: string }
  | { type: 'transferred'; on: string; to: string }
  | { type: 'appeal_filed'; on: string; kind: AppealKind }
  | { type: 'appeal_decided'; on: string; kind: AppealKind; result: AppealResult };

/** The statuses `deriveApplicationState` returns (application-state.rules.ts). */
export const APPLICATION_STATUSES = [
  'received', // the clock runs
  'awaiting_correction', // 补正 requested, the applicant has not answered
  'consulting', // 征求意见 under way: the clock is paused
  'awaiting_fee', // 收费通知 sent, not paid: the clock is paused
  'extended', // 延期: the clock runs towards the extended due date
  'closed', // answered (or otherwise closed) with an outcome
  'withdrawn', // the applicant withdrew; outcome `other.other`
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/**
 * The statuses of a closed application: `deriveApplicationState` gives one of these exactly when the
 * log holds a closing event, which is also when it sets `closedOn`; every other status is open.
 */
export const CLOSED_STATUSES = ['closed', 'withdrawn'] as const satisfies readonly ApplicationStatus[];
export const isApplicationStatus = guard(APPLICATION_STATUSES);
