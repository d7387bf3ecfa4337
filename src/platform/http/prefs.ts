import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env.js';
import { DEFAULT_LANG, isLang, translator } from '../i18n/i18n.js';
import { convertHtmlToTraditional } from '../i18n/opencc.js';

const YEAR_SECONDS = 365 * 24 * 3600;

function rememberCookie(c: Context<AppEnv>, name: string, value: string): void {
  setCookie(c, name, value, {
    path: '/',
    maxAge: YEAR_SECONDS,
    sameSite: 'Lax',
    httpOnly: true,
    secure: c.var.deps.config.cookieSecure,
  });
}

/**
 * Language and display mode: `?lang=` switches and is remembered in a cookie, so every link on
 * every page works without JavaScript. zh-TW pages are rendered in zh-CN and converted as a whole by
 * OpenCC, so copy and content (organisation names, items) are both covered.
 */
export function preferences(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const fromQuery = c.req.query('lang');
    let lang = DEFAULT_LANG;
    if (isLang(fromQuery)) {
      lang = fromQuery;
      rememberCookie(c, 'lang', fromQuery);
    } else {
      const fromCookie = getCookie(c, 'lang');
      if (isLang(fromCookie)) lang = fromCookie;
    }
    c.set('lang', lang);
    c.set('t', translator(lang));
    c.set('largeText', getCookie(c, 'view') === 'large');
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (lang === 'zh-TW' && type.startsWith('text/html')) {
      const html = await c.res.text();
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(convertHtmlToTraditional(html), { status: c.res.status, headers });
    }
    c.header('Content-Language', lang);
    c.header('Vary', 'Cookie', { append: true });
  };
}

/** Only same-site relative paths are accepted as a place to go back to (no open redirect). */
export function safeBackPath(value: string | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}

export function preferenceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/prefs/view', (c) => {
    const mode = c.req.query('mode') === 'large' ? 'large' : 'normal';
    rememberCookie(c, 'view', mode);
    return c.redirect(safeBackPath(c.req.query('back')), 303);
  });
  return app;
}
