import { registerMessages } from '../../platform/i18n/i18n.js';

registerMessages({
  'zh-CN': {
    'reports.workflow.error.check_failed': '校验未通过：{rule}（{detail}）',
    'reports.workflow.error.wrong_status': '当前状态（{status}）下不能进行此操作',
    'reports.workflow.error.not_submitted': '该单位本年度尚未报送年度报告',
    'reports.workflow.error.comments_required': '请填写退回意见，说明需要修改的地方',
    'reports.workflow.error.comments_too_long': '退回意见不能超过5000字',
    'reports.workflow.error.input_invalid': '请检查填写的内容',
    'reports.workflow.error.date_invalid': '请按“2026-01-31”的格式填写日期',
    'reports.workflow.error.unit_missing': '{org}的年度报告尚未审核通过',
    'reports.workflow.error.reason_required': '请填写撤回原因，它将显示在公开页面上',
    'reports.workflow.error.reason_too_long': '撤回原因不能超过2000字',
  },
  en: {
    'reports.workflow.error.check_failed': 'Check failed: {rule} ({detail})',
    'reports.workflow.error.wrong_status': 'This step is not possible while the report is {status}',
    'reports.workflow.error.not_submitted': 'This organisation has not submitted its report for the year',
    'reports.workflow.error.comments_required': 'Write what needs to change before returning the report',
    'reports.workflow.error.comments_too_long': 'Comments can be at most 5,000 characters',
    'reports.workflow.error.input_invalid': 'Check what you entered',
    'reports.workflow.error.date_invalid': 'Enter a date like 2026-01-31',
    'reports.workflow.error.unit_missing': 'The report of {org} is not approved yet',
    'reports.workflow.error.reason_required':
      'Give the reason for the withdrawal; it is shown on the public page',
    'reports.workflow.error.reason_too_long': 'The reason can be at most 2,000 characters',
  },
});
