import { registerMessages } from '../../platform/i18n/i18n.js';

// Errors of letter rendering and template editing. zh-TW is derived from zh-CN by OpenCC.
registerMessages({
  'zh-CN': {
    'requests.letters.error.no_letter': '该步骤没有可生成的文书',
    'requests.letters.error.not_for_applicant': '征求意见函发给被征求意见方，不作为申请人的文书保存',
    'requests.letters.error.kind_unknown': '没有这种文书',
    'requests.letters.error.title_required': '请填写文书标题',
    'requests.letters.error.body_required': '请填写文书正文',
    'requests.letters.error.placeholder_unknown': '正文中有无法识别的占位符：{names}。请使用下方列出的占位符',
  },
  en: {
    'requests.letters.error.no_letter': 'this step has no letter to generate',
    'requests.letters.error.not_for_applicant':
      'a consultation letter goes to the party consulted and is not kept as the applicant’s letter',
    'requests.letters.error.kind_unknown': 'there is no letter of this kind',
    'requests.letters.error.title_required': 'enter the letter’s title',
    'requests.letters.error.body_required': 'enter the letter’s text',
    'requests.letters.error.placeholder_unknown':
      'the text has placeholders that are not facts: {names}. Use the placeholders listed below',
  },
});
