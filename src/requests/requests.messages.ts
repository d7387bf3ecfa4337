import { registerMessages } from '../platform/i18n/i18n.js';

/** Messages of 依申请公开, by i18n key (zh-TW is derived by OpenCC). */
export const REQUEST_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'requests.error.not_found': {
    'zh-CN': '找不到该申请，请核对申请编号和查询码',
    en: 'no application matches this reference and query code',
  },
  'requests.error.org_unknown': { 'zh-CN': '找不到该机构', en: 'there is no organisation with this code' },
  'requests.error.org_inactive': {
    'zh-CN': '该机构已停用，不能受理申请',
    en: 'this organisation no longer takes applications',
  },
  'requests.error.throttled': {
    'zh-CN': '查询次数过多，请稍后再试',
    en: 'too many attempts: try again later',
  },
  'requests.error.invalid_input': { 'zh-CN': '请检查填写的内容', en: 'check what you entered' },
  'requests.error.date_invalid': {
    'zh-CN': '请按“年-月-日”填写日期，例如 2026-03-02',
    en: 'enter a date as year-month-day, for example 2026-03-02',
  },
  'requests.error.date_in_future': { 'zh-CN': '日期不能晚于今天', en: 'the date cannot be later than today' },
  'requests.error.applicant_type_invalid': {
    'zh-CN': '请选择申请人类型',
    en: 'choose the type of applicant',
  },
  'requests.error.channel_invalid': { 'zh-CN': '请选择申请方式', en: 'choose how the application arrived' },
  'requests.error.name_required': { 'zh-CN': '请填写申请人姓名或名称', en: 'enter the applicant’s name' },
  'requests.error.id_number_required': { 'zh-CN': '请填写证件号码', en: 'enter the ID document number' },
  'requests.error.id_number_invalid': {
    'zh-CN': '请填写正确的18位居民身份证号码',
    en: 'enter a valid 18-character resident ID number',
  },
  'requests.error.id_type_invalid': { 'zh-CN': '请选择证件类型', en: 'choose the type of ID document' },
  'requests.error.credit_code_required': {
    'zh-CN': '请填写统一社会信用代码',
    en: 'enter the unified social credit code',
  },
  'requests.error.credit_code_invalid': {
    'zh-CN': '请填写正确的18位统一社会信用代码',
    en: 'enter a valid 18-character unified social credit code',
  },
  'requests.error.contact_person_required': { 'zh-CN': '请填写联系人', en: 'enter a contact person' },
  'requests.error.contact_required': {
    'zh-CN': '请至少填写电话、电子邮箱或通信地址中的一项',
    en: 'enter a phone number, an e-mail address or a postal address',
  },
  'requests.error.phone_invalid': { 'zh-CN': '请填写正确的电话号码', en: 'enter a valid phone number' },
  'requests.error.email_invalid': {
    'zh-CN': '请填写正确的电子邮箱，例如 name@example.com',
    en: 'enter a valid e-mail address, like name@example.com',
  },
  'requests.error.description_required': {
    'zh-CN': '请填写您需要的政府信息的名称、文号或描述',
    en: 'describe the information you want: its name, document number or a description',
  },
  'requests.error.text_too_long': { 'zh-CN': '内容过长', en: 'this is too long' },
  'requests.error.delivery_form_invalid': {
    'zh-CN': '请选择获取信息的形式',
    en: 'choose the form of the information',
  },
  'requests.error.delivery_method_invalid': {
    'zh-CN': '请选择获取信息的方式',
    en: 'choose how to receive it',
  },
  'requests.error.client_token_invalid': {
    'zh-CN': '表单已失效，请重新填写',
    en: 'this form has expired: fill it in again',
  },
  'requests.error.file_invalid': { 'zh-CN': '附件信息不完整', en: 'the attachment is incomplete' },
  'requests.error.paper_scan_required': {
    'zh-CN': '请上传纸质申请的扫描件',
    en: 'attach the scan of the paper application',
  },
  'requests.error.handler_invalid': {
    'zh-CN': '该工作人员不能办理本机构的申请',
    en: 'this staff member cannot handle this organisation’s applications',
  },
  'requests.error.transfer_target_invalid': {
    'zh-CN': '请选择平台上另一个在用的机构',
    en: 'choose another active organisation on the platform',
  },
  'requests.error.responsible_body_required': {
    'zh-CN': '请填写负责公开该信息的机关名称',
    en: 'enter the body responsible for the information',
  },
  'requests.error.correction_items_required': {
    'zh-CN': '请列出需要补正的事项',
    en: 'list what the applicant must correct',
  },
  'requests.error.correction_due_invalid': {
    'zh-CN': '补正期限须晚于告知补正之日',
    en: 'the correction deadline must be after the request',
  },
  'requests.error.correction_not_requested': {
    'zh-CN': '本申请没有待补正的事项',
    en: 'no correction is awaited for this application',
  },
  'requests.error.correction_not_overdue': {
    'zh-CN': '补正期限尚未届满',
    en: 'the correction deadline has not passed yet',
  },
  'requests.error.fee_not_overdue': {
    'zh-CN': '缴费期限尚未届满',
    en: 'the payment deadline has not passed yet',
  },
  'requests.error.fee_not_open': { 'zh-CN': '本申请没有待缴的费用', en: 'no fee is awaiting payment' },
  'requests.error.fee_zero': {
    'zh-CN': '按收费标准本申请无需收费',
    en: 'by the fee rules nothing is payable for this application',
  },
  'requests.error.extension_not_pending': {
    'zh-CN': '没有待审批的延期申请',
    en: 'no extension is waiting for approval',
  },
  'requests.error.extension_reason_required': {
    'zh-CN': '请填写延期理由',
    en: 'enter the reason for the extension',
  },
  'requests.error.workdays_invalid': {
    'zh-CN': '延长的期限为1至20个工作日',
    en: 'an extension is 1 to 20 working days',
  },
  'requests.error.outcome_invalid': { 'zh-CN': '请选择答复类型', en: 'choose the outcome' },
  'requests.error.ground_required': {
    'zh-CN': '请选择不予公开或无法提供的理由',
    en: 'choose the ground for this outcome',
  },
  'requests.error.ground_invalid': {
    'zh-CN': '所选理由不属于该答复类型',
    en: 'the ground chosen does not belong to this outcome',
  },
  'requests.error.released_files_required': {
    'zh-CN': '请附上公开的信息，或说明获取方式',
    en: 'attach the information released or say how to obtain it',
  },
  'requests.error.already_answered': {
    'zh-CN': '该申请已经答复，不能再撤回',
    en: 'this application has been answered and can no longer be withdrawn',
  },
  'requests.error.not_answered': {
    'zh-CN': '该申请尚未答复',
    en: 'this application has not been answered yet',
  },
  'requests.error.appeal_not_found': { 'zh-CN': '找不到该复议或诉讼记录', en: 'there is no such appeal' },
  'requests.error.appeal_decided': {
    'zh-CN': '该复议或诉讼已有结果',
    en: 'this appeal has already been decided',
  },
  'requests.error.appeal_kind_invalid': {
    'zh-CN': '请选择行政复议或行政诉讼',
    en: 'choose the kind of appeal',
  },
  'requests.error.appeal_result_invalid': { 'zh-CN': '请选择结果', en: 'choose the result' },
  'requests.error.template_kind_invalid': { 'zh-CN': '没有这种文书', en: 'there is no such letter' },
  'requests.error.template_placeholder_unknown': {
    'zh-CN': '模板中有无法识别的占位符：{names}',
    en: 'the template uses unknown placeholders: {names}',
  },
  'requests.error.ground_code_taken': { 'zh-CN': '该代码已被使用', en: 'this code is already used' },
  'requests.error.ground_code_invalid': {
    'zh-CN': '代码只能使用小写字母、数字和下划线',
    en: 'use lower-case letters, digits and underscores',
  },
  'requests.error.setting_invalid': { 'zh-CN': '请填写正整数', en: 'enter a whole number above zero' },
  // The problems of validateEventSequence (application-state.rules.ts), refused as REQUEST_EVENT_ORDER.
  'requests.error.received_on_invalid': { 'zh-CN': '收到申请日期无效', en: 'the receipt date is not valid' },
  'requests.error.event_invalid': { 'zh-CN': '办理记录无效', en: 'the event is not valid' },
  'requests.error.event_type_unknown': { 'zh-CN': '未知的办理环节', en: 'unknown kind of event' },
  'requests.error.out_of_order': {
    'zh-CN': '日期早于上一个办理环节',
    en: 'the date is earlier than the step before it',
  },
  'requests.error.before_receipt': {
    'zh-CN': '日期早于收到申请之日',
    en: 'the date is before the application was received',
  },
  'requests.error.after_close': {
    'zh-CN': '该申请已经办结，除复议、诉讼外不能再办理',
    en: 'the application is closed: only appeals can be recorded',
  },
  'requests.error.extension_twice': {
    'zh-CN': '答复期限只能延长一次（条例第三十三条）',
    en: 'the deadline can be extended only once (article 33)',
  },
  'requests.error.extension_workdays_invalid': {
    'zh-CN': '延长的期限最长不得超过20个工作日',
    en: 'an extension is at most 20 working days',
  },
  'requests.error.extension_while_awaiting_correction': {
    'zh-CN': '申请人尚未补正，答复期限尚未起算，不能延期',
    en: 'the correction has not arrived, so the clock has not started: no extension yet',
  },
  'requests.error.correction_twice': {
    'zh-CN': '补正只能一次性告知（条例第三十条）',
    en: 'a correction can be requested only once (article 30)',
  },
  'requests.error.correction_after_extension': {
    'zh-CN': '已经延期的申请不能再要求补正',
    en: 'a correction cannot be requested after an extension',
  },
  'requests.error.correction_received_without_request': {
    'zh-CN': '没有要求补正，不能登记补正',
    en: 'no correction was requested',
  },
  'requests.error.correction_received_twice': {
    'zh-CN': '补正材料已经收到',
    en: 'the correction has already arrived',
  },
  'requests.error.consultation_already_open': {
    'zh-CN': '已有正在进行的征求意见',
    en: 'a consultation is already under way',
  },
  'requests.error.consultation_party_invalid': {
    'zh-CN': '请选择征求第三方或其他机关意见',
    en: 'choose a third party or another agency',
  },
  'requests.error.consultation_ended_without_start': {
    'zh-CN': '没有正在进行的征求意见',
    en: 'no consultation is under way',
  },
  'requests.error.fee_already_open': {
    'zh-CN': '此前的收费通知尚未缴费',
    en: 'an earlier fee notice is still unpaid',
  },
  'requests.error.fee_amount_invalid': { 'zh-CN': '收费金额须大于零', en: 'the fee must be above zero' },
  'requests.error.fee_paid_without_notice': {
    'zh-CN': '没有待缴费的收费通知',
    en: 'no fee notice is awaiting payment',
  },
  'requests.error.outcome_inconsistent': {
    'zh-CN': '答复类型与办理过程不符',
    en: 'the outcome does not fit the steps recorded',
  },
  'requests.error.transfer_target_missing': { 'zh-CN': '请选择转办的机构', en: 'choose the organisation' },
  'requests.error.appeal_decided_without_filing': {
    'zh-CN': '没有待结的复议或诉讼',
    en: 'no appeal of this kind is pending',
  },
};

registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(REQUEST_MESSAGES).map(([k, v]) => [k, v['zh-CN']])),
  en: Object.fromEntries(Object.entries(REQUEST_MESSAGES).map(([k, v]) => [k, v.en])),
});
