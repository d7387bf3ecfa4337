import { convertToTraditional } from './opencc.js';

export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

type Dictionary = Record<string, string>;

/** All copy lives in message files; zh-TW is derived from zh-CN by OpenCC so it never drifts. */
const catalog: { 'zh-CN': Dictionary; en: Dictionary } = { 'zh-CN': {}, en: {} };
const traditionalCache = new Map<string, string>();

/**
 * Each area registers its messages once at import time. Keys are namespaced (`orgs.guide.title`);
 * registering a key twice with different text is a programming error.
 */
export function registerMessages(messages: { 'zh-CN': Dictionary; en: Dictionary }): void {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const [key, text] of Object.entries(messages[lang])) {
      const existing = catalog[lang][key];
      if (existing !== undefined && existing !== text)
        throw new Error(`Message key registered twice: ${key}`);
      catalog[lang][key] = text;
    }
  }
}

export function hasMessage(key: string): boolean {
  return key in catalog['zh-CN'];
}

export function listMessageKeys(lang: 'zh-CN' | 'en'): string[] {
  return Object.keys(catalog[lang]);
}

function interpolate(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message for `key` in `lang`, with `{name}` placeholders filled. Unknown keys come back as the key. */
export function t(lang: Lang, key: string, params?: Record<string, string | number>): string {
  if (lang === 'en') return interpolate(catalog.en[key] ?? catalog['zh-CN'][key] ?? key, params);
  const simplified = catalog['zh-CN'][key];
  if (simplified === undefined) return key;
  if (lang === 'zh-CN') return interpolate(simplified, params);
  let traditional = traditionalCache.get(key);
  if (traditional === undefined) {
    traditional = convertToTraditional(simplified);
    traditionalCache.set(key, traditional);
  }
  return interpolate(traditional, params);
}

/** A translator bound to one language, handed to pages. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;
export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}
