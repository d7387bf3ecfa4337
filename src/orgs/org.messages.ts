import { registerMessages } from '../platform/i18n/i18n.js';

/**
 * Messages of the organisation context, by i18n key, in zh-CN (the source) and English. zh-TW is
 * derived by OpenCC (platform/i18n). The CLI uses the English text; the web uses the reader's language.
 */
export const ORG_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'orgs.error.code_format': {
    'zh-CN': '机构代码须为2至40位小写字母、数字或连字符',
    en: 'the code must be 2–40 lower-case letters, digits or single hyphens',
  },
  'orgs.error.code_reserved': {
    'zh-CN': '该代码为系统保留（如 catalog、search），请换一个机构代码',
    en: 'this code is reserved by the site (e.g. catalog, search); choose another',
  },
  'orgs.error.code_taken': {
    'zh-CN': '该机构代码已被使用',
    en: 'this code is already used by another organisation',
  },
  'orgs.error.duplicate_in_file': {
    'zh-CN': '文件中该机构代码重复',
    en: 'this code appears earlier in the file',
  },
  'orgs.error.name_required': { 'zh-CN': '请填写机构名称', en: 'enter the organisation’s name' },
  'orgs.error.required': { 'zh-CN': '此项必填', en: 'this field is required' },
  'orgs.error.invalid_type': { 'zh-CN': '格式不正确', en: 'wrong type of value' },
  'orgs.error.invalid_value': { 'zh-CN': '取值不正确', en: 'invalid value' },
  'orgs.error.unknown_field': { 'zh-CN': '无法识别的字段', en: 'unknown field (check its spelling)' },
  'orgs.error.too_long': { 'zh-CN': '内容过长', en: 'too long' },
  'orgs.error.kind_unknown': {
    'zh-CN': '机构类型须为 government、department 或 town',
    en: 'kind must be government, department or town',
  },
  'orgs.error.root_must_be_government': {
    'zh-CN': '没有上级机构的只能是市人民政府（government）',
    en: 'an organisation without a parent must be the city government (kind government)',
  },
  'orgs.error.government_must_be_root': {
    'zh-CN': '人民政府（government）只能是最上级机构',
    en: 'a government can only be the root of the tree',
  },
  'orgs.error.town_parent_must_be_government': {
    'zh-CN': '镇街（town）只能设在市人民政府之下',
    en: 'a town or street must sit directly under the city government',
  },
  'orgs.error.children_not_allowed': {
    'zh-CN': '改为该类型后，下属机构的类型不再允许',
    en: 'with this kind, the organisations below it would no longer be allowed',
  },
  'orgs.error.root_exists': {
    'zh-CN': '已有最上级机构（市人民政府），请指定上级机构',
    en: 'the city government already exists: give a parent',
  },
  'orgs.error.parent_unknown': { 'zh-CN': '找不到该上级机构', en: 'no organisation has this parent code' },
  'orgs.error.parent_inactive': { 'zh-CN': '上级机构已停用', en: 'the parent organisation is inactive' },
  'orgs.error.cycle': {
    'zh-CN': '不能把机构移到其自身或其下属机构之下',
    en: 'an organisation cannot be placed under itself or one of its own sub-organisations',
  },
  'orgs.error.ancestor_invalid': {
    'zh-CN': '其上级机构存在问题，无法确定位置',
    en: 'one of its ancestors has a problem, so it cannot be placed',
  },
  'orgs.error.root_cannot_move': {
    'zh-CN': '最上级机构不能移动',
    en: 'the root organisation cannot be moved',
  },
  'orgs.error.root_cannot_deactivate': {
    'zh-CN': '最上级机构不能停用',
    en: 'the root organisation cannot be deactivated',
  },
  'orgs.error.has_active_children': {
    'zh-CN': '请先停用或移走其下属机构',
    en: 'deactivate or move the organisations below it first',
  },
  'orgs.error.import_not_array': {
    'zh-CN': '导入文件须为 JSON 数组',
    en: 'the file must hold a JSON array of organisations',
  },
  'orgs.error.postcode_format': { 'zh-CN': '邮政编码须为6位数字', en: 'the postcode must be 6 digits' },
  'orgs.error.phone_format': {
    'zh-CN': '电话号码只能包含数字、空格、连字符、括号和“转”',
    en: 'a phone number may hold digits, spaces, hyphens, brackets and 转 (extension)',
  },
  'orgs.error.fax_format': {
    'zh-CN': '传真号码只能包含数字、空格、连字符、括号和“转”',
    en: 'a fax number may hold digits, spaces, hyphens, brackets and 转 (extension)',
  },
  'orgs.error.email_format': {
    'zh-CN': '请填写有效的电子邮箱地址',
    en: 'enter an e-mail address like name@example.org',
  },
  'orgs.error.website_format': {
    'zh-CN': '网址须以 http:// 或 https:// 开头',
    en: 'the website must be an http:// or https:// address',
  },
  'orgs.error.credit_code_format': {
    'zh-CN': '统一社会信用代码须为18位数字或大写字母',
    en: 'the unified social credit code must be 18 digits or capital letters',
  },

  'guide.fact.officeName': { 'zh-CN': '政府信息公开工作机构', en: 'Disclosure office' },
  'guide.fact.address': { 'zh-CN': '办公地址', en: 'Address' },
  'guide.fact.postcode': { 'zh-CN': '邮政编码', en: 'Postcode' },
  'guide.fact.officeHours': { 'zh-CN': '办公时间', en: 'Office hours' },
  'guide.fact.phone': { 'zh-CN': '联系电话', en: 'Telephone' },
  'guide.fact.fax': { 'zh-CN': '传真号码', en: 'Fax' },
  'guide.fact.email': { 'zh-CN': '电子邮箱', en: 'E-mail' },
  'guide.fact.website': { 'zh-CN': '网站', en: 'Website' },
  'guide.fact.missing': { 'zh-CN': '未提供', en: 'Not provided' },
  'guide.classification.basis': {
    'zh-CN': '本机关主动公开的政府信息按《中华人民共和国政府信息公开条例》第二十条、第二十一条分类：',
    en: 'Information disclosed proactively is classified as in articles 20 and 21 of the Regulations:',
  },
  'guide.category.art20_1': {
    'zh-CN': '行政法规、规章和规范性文件',
    en: 'Administrative regulations, rules and normative documents',
  },
  'guide.category.art20_2': {
    'zh-CN': '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名',
    en: 'Functions, structure, address, hours, contacts and leaders',
  },
  'guide.category.art20_3': {
    'zh-CN': '国民经济和社会发展规划、专项规划、区域规划及相关政策',
    en: 'Development plans, special and regional plans and related policies',
  },
  'guide.category.art20_4': { 'zh-CN': '国民经济和社会发展统计信息', en: 'Economic and social statistics' },
  'guide.category.art20_5': {
    'zh-CN': '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果',
    en: 'Administrative licensing and other services: basis, conditions, procedures and results',
  },
  'guide.category.art20_6': {
    'zh-CN': '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
    en: 'Administrative penalties and enforcement: basis, conditions, procedures and notable decisions',
  },
  'guide.category.art20_7': { 'zh-CN': '财政预算、决算信息', en: 'Budgets and final accounts' },
  'guide.category.art20_8': {
    'zh-CN': '行政事业性收费项目及其依据、标准',
    en: 'Administrative fees, their basis and rates',
  },
  'guide.category.art20_9': {
    'zh-CN': '政府集中采购项目的目录、标准及实施情况',
    en: 'Centralised government procurement: catalogue, standards and implementation',
  },
  'guide.category.art20_10': {
    'zh-CN': '重大建设项目的批准和实施情况',
    en: 'Approval and progress of major construction projects',
  },
  'guide.category.art20_11': {
    'zh-CN': '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况',
    en: 'Policies on poverty relief, education, health, social security and employment',
  },
  'guide.category.art20_12': {
    'zh-CN': '突发公共事件的应急预案、预警信息及应对情况',
    en: 'Emergency plans, warnings and responses',
  },
  'guide.category.art20_13': {
    'zh-CN': '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
    en: 'Inspections of environment, public health, work safety, food, drugs and product quality',
  },
  'guide.category.art20_14': {
    'zh-CN': '公务员招考的职位、名额、报考条件等事项以及录用结果',
    en: 'Civil service recruitment and results',
  },
  'guide.category.art20_15': {
    'zh-CN': '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息',
    en: 'Other information that laws and regulations require to be disclosed',
  },
  'guide.category.art21_city': {
    'zh-CN': '市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息',
    en: 'Municipal construction, public services, land and housing expropriation, public order, social assistance',
  },
  'guide.category.art21_town': {
    'zh-CN':
      '农业农村政策、农田水利、土地承包经营权流转、宅基地、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息',
    en: 'Rural policy, irrigation, land contracting, homesteads, expropriation, village levies, social assistance',
  },
  'guide.arrangement.text': {
    'zh-CN': '政府信息公开目录按机构、主题分类和生成日期编排，每条信息包括索引号、名称、内容概述和生成日期。',
    en: 'The catalogue is arranged by organisation, topic and date; each item has an index number, title, summary and date.',
  },
  'guide.arrangement.index_number': {
    'zh-CN': '索引号由机构代码、分类、年份和顺序号组成，是每条政府信息的唯一标识。',
    en: 'The index number (索引号) identifies each item: organisation code, category, year and sequence.',
  },
  'guide.column.guide': { 'zh-CN': '政府信息公开指南', en: 'Disclosure guide' },
  'guide.column.rules': { 'zh-CN': '政府信息公开制度', en: 'Disclosure rules' },
  'guide.column.proactive': { 'zh-CN': '法定主动公开内容', en: 'Proactive disclosure' },
  'guide.column.annual_reports': { 'zh-CN': '政府信息公开工作年度报告', en: 'Annual reports' },
  'guide.channel.website': {
    'zh-CN': '本平台政府信息公开专栏',
    en: 'The disclosure column on this platform',
  },
  'guide.channel.organisation_website': { 'zh-CN': '本机关门户网站', en: 'The organisation’s website' },
  'guide.channel.online': { 'zh-CN': '在线申请', en: 'Apply online' },
  'guide.channel.letter': {
    'zh-CN': '信函申请（请在信封注明“政府信息公开申请”）',
    en: 'By letter (mark the envelope 政府信息公开申请)',
  },
  'guide.channel.in_person': { 'zh-CN': '当面申请', en: 'In person' },
  'guide.channel.fax': { 'zh-CN': '传真申请', en: 'By fax' },
  'guide.fee.none': {
    'zh-CN': '依申请提供政府信息，不收取费用；申请数量、频次明显超过合理范围的，可以收取信息处理费。',
    en: 'No fee is charged, except an information processing fee for clearly excessive requests.',
  },
};

// The context registers its own messages, so every page and form that shows an organisation error
// or a guide fact finds its text, whichever route imported it first.
registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(ORG_MESSAGES).map(([key, m]) => [key, m['zh-CN']])),
  en: Object.fromEntries(Object.entries(ORG_MESSAGES).map(([key, m]) => [key, m.en])),
});

/** The English text of a message key (the CLI's language), or the key itself when unknown. */
export function orgMessageEn(key: string): string {
  return ORG_MESSAGES[key]?.en ?? key;
}
