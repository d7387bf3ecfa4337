import { registerMessages } from '../i18n/i18n.js';

/**
 * Messages of staff accounts, sign-in and permissions, by i18n key: zh-CN (the source) and English;
 * zh-TW is derived by OpenCC. Each says what to do, naming no internal detail. Registered on import.
 */
export const AUTH_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'auth.error.invalid_credentials': {
    'zh-CN': '用户名或密码不正确，请重新输入',
    en: 'The username or password is not right. Check them and try again',
  },
  'auth.error.throttled': {
    'zh-CN': '登录失败次数过多，请在 {minutes} 分钟后再试',
    en: 'Too many failed sign-in attempts. Try again in {minutes} minutes',
  },
  'auth.error.username_required': { 'zh-CN': '请输入用户名', en: 'Enter your username' },
  'auth.error.password_required': { 'zh-CN': '请输入密码', en: 'Enter your password' },
  'auth.error.current_password_wrong': {
    'zh-CN': '当前密码不正确，请重新输入',
    en: 'Your current password is not right. Enter it again',
  },
  'auth.error.sign_in_required': { 'zh-CN': '请先登录', en: 'Sign in first' },
  'auth.error.forbidden': {
    'zh-CN': '您没有权限执行此操作',
    en: 'You do not have permission to do this',
  },
  'auth.password.too_short': {
    'zh-CN': '密码至少需要 {min} 个字符',
    en: 'The password must be at least {min} characters long',
  },
  'auth.password.too_long': {
    'zh-CN': '密码不能超过 {max} 个字符',
    en: 'The password must be at most {max} characters long',
  },
  'auth.password.same_as_username': {
    'zh-CN': '密码不能与用户名相同',
    en: 'The password must not be the same as the username',
  },
  'auth.password.one_character': {
    'zh-CN': '密码不能由同一个字符重复组成',
    en: 'The password must not be one character repeated',
  },
  'auth.password.same_as_current': {
    'zh-CN': '新密码不能与当前密码相同',
    en: 'The new password must be different from the current one',
  },
  'users.error.required': { 'zh-CN': '此项必填', en: 'This field is required' },
  'users.error.invalid': { 'zh-CN': '格式不正确', en: 'This value is not valid' },
  'users.error.too_long': { 'zh-CN': '内容过长', en: 'This is too long' },
  'users.error.username_format': {
    'zh-CN': '用户名须为3至32位小写字母、数字、点、下划线或连字符',
    en: 'The username must be 3–32 lower-case letters, digits, dots, underscores or hyphens',
  },
  'users.error.username_taken': {
    'zh-CN': '该用户名已被使用，请换一个',
    en: 'This username is already taken. Choose another',
  },
  'users.error.display_name_required': { 'zh-CN': '请填写姓名', en: 'Enter the name to display' },
  'users.error.display_name_too_long': {
    'zh-CN': '姓名不能超过100个字符',
    en: 'The name must be at most 100 characters long',
  },
  'users.error.email_format': {
    'zh-CN': '请填写正确的电子邮箱地址，如 name@example.gov.cn',
    en: 'Enter an e-mail address like name@example.gov.cn',
  },
  'users.error.org_required': { 'zh-CN': '请选择所属单位', en: 'Choose an organisation' },
  'users.error.unknown_org': {
    'zh-CN': '找不到该单位，请检查单位代码',
    en: 'There is no organisation with this code. Check the code',
  },
  'users.error.unknown_role': {
    'zh-CN': '请选择有效的角色',
    en: 'Choose one of the roles',
  },
  'users.error.unknown_user': { 'zh-CN': '找不到该用户', en: 'There is no such user' },
  'users.error.cannot_deactivate_self': {
    'zh-CN': '不能停用自己的账号',
    en: 'You cannot deactivate your own account',
  },
  'users.error.reset_own_password': {
    'zh-CN': '请通过“修改密码”更改自己的密码',
    en: 'Change your own password with “Change password”',
  },
  'users.error.last_city_admin': {
    'zh-CN': '不能撤销最后一位市级管理员的权限，请先为他人授予该角色',
    en: 'This is the last city administrator. Grant the role to someone else first',
  },
};

registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(AUTH_MESSAGES).map(([key, m]) => [key, m['zh-CN']])),
  en: Object.fromEntries(Object.entries(AUTH_MESSAGES).map(([key, m]) => [key, m.en])),
});

/** English text of a message key, with `{name}` filled (for the CLI); the key itself when unknown. */
export function authMessageInEnglish(key: string, params?: Record<string, string | number>): string {
  const text = AUTH_MESSAGES[key]?.en ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
}
