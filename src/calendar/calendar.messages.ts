import { registerMessages } from '../platform/i18n/i18n.js';

/** Messages of the working-day calendar, by i18n key (zh-TW is derived by OpenCC). */
export const CALENDAR_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'calendar.error.date_invalid': {
    'zh-CN': '请按“年-月-日”填写日期，例如 2026-10-08',
    en: 'enter a date as year-month-day, for example 2026-10-08',
  },
  'calendar.error.kind_invalid': {
    'zh-CN': '请选择“工作日”或“休息日”',
    en: 'choose working day or rest day',
  },
  'calendar.error.org_unknown': { 'zh-CN': '找不到该机构', en: 'there is no organisation with this code' },
  'calendar.error.text_too_long': {
    'zh-CN': '内容过长，请控制在500字以内',
    en: 'keep this to 500 characters',
  },
  'calendar.error.year_invalid': {
    'zh-CN': '请填写2000年至2100年之间的年份',
    en: 'enter a year between 2000 and 2100',
  },
  'calendar.error.source_required': {
    'zh-CN': '请填写依据，例如国务院办公厅通知的文号',
    en: 'enter the source, for example the State Council notice’s document number',
  },
  'calendar.error.override_not_found': {
    'zh-CN': '该日期没有本机构设置的调整',
    en: 'there is no office setting for this date',
  },
};

registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(CALENDAR_MESSAGES).map(([k, v]) => [k, v['zh-CN']])),
  en: Object.fromEntries(Object.entries(CALENDAR_MESSAGES).map(([k, v]) => [k, v.en])),
});
