import { registerMessages } from '../platform/i18n/i18n.js';
import type {
  AppealField,
  AppealKind,
  ApplicantColumn,
  ApplicationRow,
  CheckRule,
  OutcomeGroup,
} from './annual-report.js';

/**
 * Labels of the annual report in zh-CN (as the 2021 national format prints them) and English. zh-TW
 * is derived by OpenCC. An outcome row is printed under its group: （三）不予公开 → 1.属于国家秘密.
 */
export const REPORT_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'reports.title': {
    'zh-CN': '政府信息公开工作年度报告',
    en: 'Annual report on government information disclosure',
  },
  'reports.section.overview': { 'zh-CN': '一、总体情况', en: '1. Overview' },
  'reports.section.proactive': { 'zh-CN': '二、主动公开政府信息情况', en: '2. Proactive disclosure' },
  'reports.section.applications': {
    'zh-CN': '三、收到和处理政府信息公开申请情况',
    en: '3. Applications received and handled',
  },
  'reports.section.appeals': {
    'zh-CN': '四、政府信息公开行政复议、行政诉讼情况',
    en: '4. Administrative reconsideration and litigation',
  },
  'reports.section.problems': {
    'zh-CN': '五、存在的主要问题及改进情况',
    en: '5. Main problems and improvements',
  },
  'reports.section.other': { 'zh-CN': '六、其他需要报告的事项', en: '6. Other matters' },

  // Table 三: columns
  'reports.table3.balance_note': {
    'zh-CN': '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    en: '(In every column, item 1 plus item 2 equals item 3 plus item 4.)',
  },
  'reports.table3.applicant': { 'zh-CN': '申请人情况', en: 'Applicants' },
  'reports.table3.legal_persons': { 'zh-CN': '法人或其他组织', en: 'Legal persons and other organisations' },
  'reports.column.natural_person': { 'zh-CN': '自然人', en: 'Natural persons' },
  'reports.column.commercial_enterprise': { 'zh-CN': '商业企业', en: 'Commercial enterprises' },
  'reports.column.research_institution': { 'zh-CN': '科研机构', en: 'Research institutions' },
  'reports.column.public_interest_org': { 'zh-CN': '社会公益组织', en: 'Public-interest organisations' },
  'reports.column.legal_service_org': { 'zh-CN': '法律服务机构', en: 'Legal service organisations' },
  'reports.column.other_org': { 'zh-CN': '其他', en: 'Others' },
  'reports.column.total': { 'zh-CN': '总计', en: 'Total' },

  // Table 三: rows
  'reports.row.received': {
    'zh-CN': '一、本年新收政府信息公开申请数量',
    en: '1. New applications received this year',
  },
  'reports.row.carried_in': {
    'zh-CN': '二、上年结转政府信息公开申请数量',
    en: '2. Applications carried over from last year',
  },
  'reports.results': { 'zh-CN': '三、本年度办理结果', en: '3. Results this year' },
  'reports.group.granted': { 'zh-CN': '（一）予以公开', en: '(1) Disclosed' },
  'reports.group.partial': {
    'zh-CN': '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    en: '(2) Partly disclosed (redacted answers count here only)',
  },
  'reports.group.withheld': { 'zh-CN': '（三）不予公开', en: '(3) Withheld' },
  'reports.group.unavailable': { 'zh-CN': '（四）无法提供', en: '(4) Cannot be provided' },
  'reports.group.declined': { 'zh-CN': '（五）不予处理', en: '(5) Not processed' },
  'reports.group.other': { 'zh-CN': '（六）其他处理', en: '(6) Other handling' },
  'reports.row.granted': { 'zh-CN': '（一）予以公开', en: '(1) Disclosed' },
  'reports.row.partial': {
    'zh-CN': '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    en: '(2) Partly disclosed (redacted answers count here only)',
  },
  'reports.row.withheld.state_secret': { 'zh-CN': '1.属于国家秘密', en: '1. State secret' },
  'reports.row.withheld.prohibited_by_law': {
    'zh-CN': '2.其他法律行政法规禁止公开',
    en: '2. Disclosure prohibited by other laws or administrative regulations',
  },
  'reports.row.withheld.security_stability': {
    'zh-CN': '3.危及“三安全一稳定”',
    en: '3. Endangers national, public or economic security or social stability',
  },
  'reports.row.withheld.third_party_rights': {
    'zh-CN': '4.保护第三方合法权益',
    en: '4. Protects the lawful rights of a third party',
  },
  'reports.row.withheld.internal_affairs': {
    'zh-CN': '5.属于三类内部事务信息',
    en: '5. Internal affairs (three kinds)',
  },
  'reports.row.withheld.process_info': {
    'zh-CN': '6.属于四类过程性信息',
    en: '6. Process information (four kinds)',
  },
  'reports.row.withheld.enforcement_file': {
    'zh-CN': '7.属于行政执法案卷',
    en: '7. Administrative enforcement file',
  },
  'reports.row.withheld.query_matter': {
    'zh-CN': '8.属于行政查询事项',
    en: '8. Administrative query matter',
  },
  'reports.row.unavailable.not_held': {
    'zh-CN': '1.本机关不掌握相关政府信息',
    en: '1. This agency does not hold the information',
  },
  'reports.row.unavailable.needs_creation': {
    'zh-CN': '2.没有现成信息需要另行制作',
    en: '2. No existing information; it would have to be created',
  },
  'reports.row.unavailable.unclear_after_correction': {
    'zh-CN': '3.补正后申请内容仍不明确',
    en: '3. Still unclear after correction',
  },
  'reports.row.declined.complaint_petition': {
    'zh-CN': '1.信访举报投诉类申请',
    en: '1. Petition, report or complaint',
  },
  'reports.row.declined.duplicate': { 'zh-CN': '2.重复申请', en: '2. Repeated application' },
  'reports.row.declined.publication': {
    'zh-CN': '3.要求提供公开出版物',
    en: '3. Asks for a public publication',
  },
  'reports.row.declined.excessive': {
    'zh-CN': '4.无正当理由大量反复申请',
    en: '4. Large numbers of repeated applications without good reason',
  },
  'reports.row.declined.confirm_reissue': {
    'zh-CN': '5.要求行政机关确认或重新出具已获取信息',
    en: '5. Asks the agency to confirm or re-issue information already obtained',
  },
  'reports.row.other.no_correction': {
    'zh-CN': '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    en: '1. The applicant did not correct the application in time without good reason',
  },
  'reports.row.other.fee_unpaid': {
    'zh-CN': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    en: '2. The applicant did not pay the fee notice in time',
  },
  'reports.row.other.other': { 'zh-CN': '3.其他', en: '3. Other' },
  'reports.row.other_2019': { 'zh-CN': '（六）其他处理', en: '(6) Other handling' },
  'reports.row.total': { 'zh-CN': '（七）总计', en: '(7) Total' },
  'reports.row.carried_out': { 'zh-CN': '四、结转下年度继续办理', en: '4. Carried over to next year' },

  // Table 四
  'reports.appeal.reconsideration': { 'zh-CN': '行政复议', en: 'Administrative reconsideration' },
  'reports.appeal.litigation': { 'zh-CN': '行政诉讼', en: 'Administrative litigation' },
  'reports.appeal.litigationDirect': { 'zh-CN': '未经复议直接起诉', en: 'Sued without reconsideration' },
  'reports.appeal.litigationAfterReconsideration': {
    'zh-CN': '复议后起诉',
    en: 'Sued after reconsideration',
  },
  'reports.appeal_field.upheld': { 'zh-CN': '结果维持', en: 'Upheld' },
  'reports.appeal_field.corrected': { 'zh-CN': '结果纠正', en: 'Corrected' },
  'reports.appeal_field.other': { 'zh-CN': '其他结果', en: 'Other result' },
  'reports.appeal_field.pending': { 'zh-CN': '尚未审结', en: 'Pending' },
  'reports.appeal_field.total': { 'zh-CN': '总计', en: 'Total' },

  // Section 二 (2021)
  'reports.proactive.item_1': { 'zh-CN': '第二十条第（一）项', en: 'Article 20 (1)' },
  'reports.proactive.item_5': { 'zh-CN': '第二十条第（五）项', en: 'Article 20 (5)' },
  'reports.proactive.item_6': { 'zh-CN': '第二十条第（六）项', en: 'Article 20 (6)' },
  'reports.proactive.item_8': { 'zh-CN': '第二十条第（八）项', en: 'Article 20 (8)' },
  'reports.proactive.item_9': { 'zh-CN': '第二十条第（九）项', en: 'Article 20 (9)' },
  'reports.proactive.content': { 'zh-CN': '信息内容', en: 'Information' },
  'reports.proactive.issued': { 'zh-CN': '本年制发件数', en: 'Issued this year' },
  'reports.proactive.abolished': { 'zh-CN': '本年废止件数', en: 'Abolished this year' },
  'reports.proactive.valid': { 'zh-CN': '现行有效件数', en: 'In force' },
  'reports.proactive.decisions': { 'zh-CN': '本年处理决定数量', en: 'Decisions this year' },
  'reports.proactive.amount': { 'zh-CN': '本年收费金额（单位：万元）', en: 'Fees collected (10,000 yuan)' },
  'reports.proactive.regulations': { 'zh-CN': '规章', en: 'Rules (规章)' },
  'reports.proactive.normativeDocuments': { 'zh-CN': '行政规范性文件', en: 'Normative documents' },
  'reports.proactive.licensing': { 'zh-CN': '行政许可', en: 'Administrative licensing' },
  'reports.proactive.penalty': { 'zh-CN': '行政处罚', en: 'Administrative penalties' },
  'reports.proactive.coercion': { 'zh-CN': '行政强制', en: 'Administrative coercion' },
  'reports.proactive.fees': { 'zh-CN': '行政事业性收费', en: 'Administrative fees' },
  // Section 二 (2019)
  'reports.proactive2019.produced': { 'zh-CN': '本年新制作数量', en: 'Made this year' },
  'reports.proactive2019.published': { 'zh-CN': '本年新公开数量', en: 'Published this year' },
  'reports.proactive2019.total_public': { 'zh-CN': '对外公开总数量', en: 'Total published' },
  'reports.proactive2019.previous_projects': { 'zh-CN': '上一年项目数量', en: 'Items last year' },
  'reports.proactive2019.change': { 'zh-CN': '本年增/减', en: 'Change this year' },
  'reports.proactive2019.decisions': { 'zh-CN': '处理决定数量', en: 'Decisions' },
  'reports.proactive2019.normative_documents': { 'zh-CN': '规范性文件', en: 'Normative documents' },
  'reports.proactive2019.other_services': { 'zh-CN': '其他对外管理服务事项', en: 'Other external services' },
  'reports.proactive2019.procurement': { 'zh-CN': '政府集中采购', en: 'Central government procurement' },
  'reports.proactive2019.procurement_projects': { 'zh-CN': '采购项目数量', en: 'Procurement projects' },
  'reports.proactive2019.procurement_amount': { 'zh-CN': '采购总金额', en: 'Total procurement amount' },

  // Checks
  'reports.check.non-negative': { 'zh-CN': '数值均为非负整数', en: 'Counts are non-negative integers' },
  'reports.check.row-sum': {
    'zh-CN': '各行总计等于六类申请人之和',
    en: 'Each row total is the sum of six columns',
  },
  'reports.check.total-sum': {
    'zh-CN': '（七）总计等于各办理结果之和',
    en: '(7) Total is the sum of the outcomes',
  },
  'reports.check.column-balance': {
    'zh-CN': '各列第一项加第二项等于第三项加第四项',
    en: 'Every column balances: received + carried in = total + carried out',
  },
  'reports.check.appeals-total': {
    'zh-CN': '行政复议、行政诉讼总计等于各结果之和',
    en: 'Appeal totals are the sum of their results',
  },
  'reports.check.proactive-counts': {
    'zh-CN': '主动公开数据为非负数',
    en: 'Proactive-disclosure figures are non-negative',
  },
  'reports.check.carry-over': {
    'zh-CN': '上年结转等于上年报告的结转下年度',
    en: 'Carried in equals last year’s carried out',
  },
  'reports.check.narrative-consistency': {
    'zh-CN': '正文引用的数字与表格一致',
    en: 'Figures quoted in the text agree with the tables',
  },
};

registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(REPORT_MESSAGES).map(([k, v]) => [k, v['zh-CN']])),
  en: Object.fromEntries(Object.entries(REPORT_MESSAGES).map(([k, v]) => [k, v.en])),
});

export const columnLabelKey = (column: ApplicantColumn): string => `reports.column.${column}`;
export const rowLabelKey = (row: ApplicationRow): string => `reports.row.${row}`;
export const groupLabelKey = (group: OutcomeGroup): string => `reports.group.${group}`;
export const appealKindLabelKey = (kind: AppealKind): string => `reports.appeal.${kind}`;
export const appealFieldLabelKey = (field: AppealField): string => `reports.appeal_field.${field}`;
export const checkLabelKey = (rule: CheckRule): string => `reports.check.${rule}`;
