import { registerMessages } from '../platform/i18n/i18n.js';

/**
 * Messages of the catalog's domain (rules and use cases), in zh-CN and English; zh-TW is derived by
 * OpenCC. The pages register their own copy in http/.
 */
export const CATALOG_DOMAIN_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'catalog.error.required': { 'zh-CN': '此项必填', en: 'this field is required' },
  'catalog.error.invalid_value': { 'zh-CN': '取值不正确', en: 'invalid value' },
  'catalog.error.too_long': { 'zh-CN': '内容过长', en: 'too long' },
  'catalog.error.date_invalid': {
    'zh-CN': '请按“2025-03-01”的格式填写真实存在的日期',
    en: 'enter a real date written like 2025-03-01',
  },
  'catalog.error.title_required': { 'zh-CN': '请填写信息名称', en: 'enter the item’s title' },
  'catalog.error.org_required': { 'zh-CN': '请选择发布机构', en: 'choose the publishing organisation' },
  'catalog.error.org_unknown': { 'zh-CN': '找不到这个机构', en: 'there is no such organisation' },
  'catalog.error.doc_type_invalid': {
    'zh-CN': '文件类型须为规章、行政规范性文件或其他',
    en: 'the document type must be regulation, normative or other',
  },
  'catalog.error.column_unknown': {
    'zh-CN': '这些栏目不存在或不可用：{codes}',
    en: 'these columns do not exist or cannot be used here: {codes}',
  },
  'catalog.error.content_required': {
    'zh-CN': '请填写正文、内容概述或上传附件后再提交',
    en: 'add a body, a summary or an attachment before submitting',
  },
  'catalog.error.item_not_found': { 'zh-CN': '找不到这条信息', en: 'there is no such item' },
  'catalog.error.item_withdrawn': {
    'zh-CN': '这条信息已撤销发布，不能再修改',
    en: 'this item has been withdrawn and can no longer be changed',
  },
  'catalog.error.not_draft': {
    'zh-CN': '只有草稿才能修改或提交（当前状态：{status}）',
    en: 'only drafts can be changed or submitted (status: {status})',
  },
  'catalog.error.not_submitted': {
    'zh-CN': '只有已提交审查的信息才能审查（当前状态：{status}）',
    en: 'only submitted items can be reviewed (status: {status})',
  },
  'catalog.error.not_approved': {
    'zh-CN': '只有审查通过的信息才能发布（当前状态：{status}）',
    en: 'only approved items can be published (status: {status})',
  },
  'catalog.error.not_published': {
    'zh-CN': '只有已发布或等待定时发布的信息才能撤销（当前状态：{status}）',
    en: 'only published or scheduled items can be withdrawn (status: {status})',
  },
  'catalog.error.changed_meanwhile': {
    'zh-CN': '这条信息刚被其他人修改，请刷新后再试',
    en: 'someone else changed this item meanwhile; reload and try again',
  },
  'catalog.error.review_own': {
    'zh-CN': '不能审查自己起草或提交的信息',
    en: 'you cannot review an item you created or submitted',
  },
  'catalog.error.decision_invalid': { 'zh-CN': '请选择处理方式', en: 'choose a decision' },
  'catalog.error.opinion_required': { 'zh-CN': '请填写审查意见', en: 'enter the review opinion' },
  'catalog.error.reason_required': {
    'zh-CN': '请填写撤销发布的理由',
    en: 'enter the reason for withdrawing',
  },
  'catalog.error.pii_open': {
    'zh-CN': '还有 {count} 处个人信息未处理，请逐一遮盖或确认可以公开后再发布',
    en: '{count} personal-data findings are still open: redact or accept each before publishing',
  },
  'catalog.error.scheduled_at_invalid': {
    'zh-CN': '请填写有效的定时发布时间',
    en: 'enter a valid publication time',
  },
  'catalog.error.pattern_broken': {
    'zh-CN': '本单位的索引号规则无效，请先在设置中修改',
    en: 'this office’s index-number pattern is invalid; correct it in the settings first',
  },
  'catalog.error.credit_code_missing': {
    'zh-CN': '索引号规则使用了统一社会信用代码，但本单位尚未登记',
    en: 'the index-number pattern uses the credit code, which this office has not recorded',
  },
  'catalog.error.index_exhausted': {
    'zh-CN': '无法生成未被占用的索引号，请检查索引号规则',
    en: 'no unused index number could be generated; check the pattern',
  },
  'catalog.error.pattern_required': { 'zh-CN': '请填写索引号规则', en: 'enter the index-number pattern' },
  'catalog.error.pattern_too_long': {
    'zh-CN': '索引号规则不能超过 {max} 个字符',
    en: 'the pattern must be at most {max} characters',
  },
  'catalog.error.pattern_bad_text': {
    'zh-CN': '规则中的“{text}”不可用：固定文字只能是字母、数字和 - _ . /',
    en: '“{text}” cannot be used: fixed text may hold only letters, digits and - _ . /',
  },
  'catalog.error.pattern_unknown_token': {
    'zh-CN': '无法识别的占位符 {token}，可用 {orgCode}、{creditCode}、{yyyy}、{yyyymm}、{seq:N}',
    en: 'unknown placeholder {token}; use {orgCode}, {creditCode}, {yyyy}, {yyyymm}, {seq:N}',
  },
  'catalog.error.pattern_seq_missing': {
    'zh-CN': '规则须包含流水号 {seq}（如 {seq:5}），否则索引号会重复',
    en: 'the pattern must contain a sequence {seq} (such as {seq:5}), or numbers would repeat',
  },
  'catalog.error.pattern_seq_twice': {
    'zh-CN': '规则中只能有一个流水号 {seq}',
    en: 'the pattern may contain only one {seq}',
  },
  'catalog.error.pattern_seq_width': {
    'zh-CN': '流水号位数须在 1 到 {max} 之间',
    en: 'the sequence width must be between 1 and {max}',
  },
  'catalog.error.effective_before_issued': {
    'zh-CN': '施行日期不能早于印发日期',
    en: 'the effective date cannot be before the issue date',
  },
  'catalog.error.abolished_before_effective': {
    'zh-CN': '废止日期不能早于施行日期',
    en: 'the abolition date cannot be before the effective date',
  },
  'catalog.error.amended_before_effective': {
    'zh-CN': '修改日期不能早于施行日期',
    en: 'the amendment date cannot be before the effective date',
  },
  'catalog.error.amending_item_required': {
    'zh-CN': '请选择作出修改的文件',
    en: 'choose the item that amends this one',
  },
  'catalog.error.amending_item_unknown': {
    'zh-CN': '作出修改的文件须是另一条已发布的信息',
    en: 'the amending item must be another published item',
  },
  'catalog.error.finding_not_found': { 'zh-CN': '找不到这条个人信息提示', en: 'there is no such finding' },
  'catalog.error.finding_decided': {
    'zh-CN': '这条个人信息提示已经处理过',
    en: 'this finding has already been decided',
  },
  'catalog.error.finding_item_state': {
    'zh-CN': '信息已发布或已撤销，不能再处理个人信息提示（当前状态：{status}）',
    en: 'findings can no longer be decided once the item is published or withdrawn (status: {status})',
  },
  'catalog.error.accept_note_required': {
    'zh-CN': '请说明为什么这项个人信息可以公开',
    en: 'say why this personal data may be published',
  },
  'catalog.error.redact_attachment': {
    'zh-CN': '附件中的个人信息无法在线遮盖，请上传处理后的附件替换，或确认可以公开',
    en: 'personal data in an attachment cannot be redacted here: replace the file, or accept the finding',
  },
  'catalog.error.redact_not_found': {
    'zh-CN': '正文中找不到可以直接遮盖的这项内容（可能被格式分隔），请在正文中手动修改',
    en: 'the value cannot be redacted automatically (it may be split by formatting); edit the body by hand',
  },
  'catalog.error.upload_too_large': {
    'zh-CN': '文件不能超过 {maxMb} MB',
    en: 'the file must be at most {maxMb} MB',
  },
  'catalog.error.upload_type_not_allowed': {
    'zh-CN': '只能上传 PDF、Word（.docx/.doc）、Excel（.xlsx/.xls）、PNG 或 JPEG 文件',
    en: 'upload a PDF, Word (.docx/.doc), Excel (.xlsx/.xls), PNG or JPEG file',
  },
  'catalog.error.upload_type_mismatch': {
    'zh-CN': '文件内容与扩展名“.{extension}”不符，请检查文件后重新上传',
    en: 'the file’s content does not match its extension “.{extension}”; check the file and upload it again',
  },
  'catalog.error.upload_empty': { 'zh-CN': '文件是空的', en: 'the file is empty' },
  'catalog.error.upload_name_required': { 'zh-CN': '请提供文件名', en: 'the file needs a name' },
  'catalog.error.word_required': {
    'zh-CN': '请上传 Word（.docx）文件',
    en: 'upload a Word (.docx) file',
  },
  'catalog.error.word_unreadable': {
    'zh-CN': '无法读取这个 Word 文件，请另存为 .docx 后重试',
    en: 'the Word file could not be read; save it as .docx and try again',
  },
  'catalog.error.attachment_not_found': { 'zh-CN': '找不到这个附件', en: 'there is no such attachment' },
};

registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(CATALOG_DOMAIN_MESSAGES).map(([key, m]) => [key, m['zh-CN']])),
  en: Object.fromEntries(Object.entries(CATALOG_DOMAIN_MESSAGES).map(([key, m]) => [key, m.en])),
});
