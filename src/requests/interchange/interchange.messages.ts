import { registerMessages } from '../../platform/i18n/i18n.js';

// The interchange import's refusal (the CLI prints each problem with its line). zh-TW by OpenCC.
registerMessages({
  'zh-CN': { 'requests.interchange.error.refused': '文件有错误，未导入任何申请' },
  en: { 'requests.interchange.error.refused': 'the file has problems: nothing was imported' },
});
