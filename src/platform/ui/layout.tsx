import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/i18n.js';
import './messages.js';

export interface Crumb {
  href?: string;
  label: string;
  /** The label's language when it differs from the page's (a Chinese name on an English page). */
  lang?: string;
}

/** A feed offered in the page's head (`<link rel="alternate">`), so readers and browsers find it. */
export interface FeedLink {
  href: string;
  title: string;
  type: 'application/atom+xml' | 'application/rss+xml';
}

const LANG_LABELS: Record<Lang, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

/**
 * The site's name in the page's language: on English pages the city government's English name when
 * one is recorded, otherwise its Chinese name.
 */
export function siteName(c: Context<AppEnv>): { text: string; lang?: string } {
  const site = c.var.site;
  if (c.var.lang !== 'en') return { text: site.name };
  return site.nameEn ? { text: site.nameEn } : { text: site.name, lang: 'zh-CN' };
}

/** The current URL with one query parameter changed: links that work without JavaScript. */
export function urlWith(c: Context<AppEnv>, key: string, value: string): string {
  const url = new URL(c.req.url);
  url.searchParams.set(key, value);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

function currentPathAndQuery(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  const q = url.searchParams.toString();
  return q ? `${url.pathname}?${q}` : url.pathname;
}

/** Language links name each language in its own script, so they are kept out of OpenCC conversion. */
function LanguageSwitcher({ c }: { c: Context<AppEnv> }) {
  const current = c.var.lang;
  return (
    <nav class="lang-switch" aria-label={c.var.t('site.lang_switch')}>
      {raw('<!--noconv-->')}
      <ul>
        {(Object.keys(LANG_LABELS) as Lang[]).map((lang) => (
          <li>
            {lang === current ? (
              <span aria-current="true" lang={lang}>
                {LANG_LABELS[lang]}
              </span>
            ) : (
              <a href={urlWith(c, 'lang', lang)} lang={lang} hreflang={lang}>
                {LANG_LABELS[lang]}
              </a>
            )}
          </li>
        ))}
      </ul>
      {raw('<!--/noconv-->')}
    </nav>
  );
}

function ViewToggle({ c }: { c: Context<AppEnv> }) {
  const t = c.var.t;
  const back = encodeURIComponent(currentPathAndQuery(c));
  return c.var.largeText ? (
    <a class="view-toggle" href={`/prefs/view?mode=normal&back=${back}`}>
      {t('site.view_normal')}
    </a>
  ) : (
    <a class="view-toggle" href={`/prefs/view?mode=large&back=${back}`}>
      {t('site.view_large')}
    </a>
  );
}

function Breadcrumbs({ c, items }: { c: Context<AppEnv>; items: Crumb[] }) {
  if (items.length === 0) return null;
  return (
    <nav class="breadcrumbs" aria-label={c.var.t('site.breadcrumb')}>
      <ol>
        {items.map((item, i) => (
          <li>
            {item.href && i < items.length - 1 ? (
              <a href={item.href} lang={item.lang}>
                {item.label}
              </a>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined} lang={item.lang}>
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Document(props: {
  c: Context<AppEnv>;
  title: string;
  hasError?: boolean;
  bodyClass: string;
  feeds?: FeedLink[];
  children: Child;
}) {
  const { c } = props;
  const t = c.var.t;
  const fullTitle = `${props.hasError ? t('error.prefix') : ''}${props.title} - ${siteName(c).text}`;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={c.var.lang} class={c.var.largeText ? 'large-text' : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{fullTitle}</title>
          <link rel="stylesheet" href="/static/app.css" />
          {(props.feeds ?? []).map((f) => (
            <link rel="alternate" type={f.type} title={f.title} href={f.href} />
          ))}
        </head>
        <body class={props.bodyClass}>
          <a class="skip-link" href="#main">
            {t('site.skip_to_main')}
          </a>
          {c.var.site.isDemo ? (
            <div class="demo-banner" role="note">
              {t('site.demo_banner')}
            </div>
          ) : null}
          {props.children}
        </body>
      </html>
    </>
  );
}

/** The public site's page frame: header, main landmark, footer; server-rendered, no JavaScript needed. */
export function PublicLayout(props: {
  c: Context<AppEnv>;
  title: string;
  breadcrumbs?: Crumb[];
  hasError?: boolean;
  feeds?: FeedLink[];
  children: Child;
}) {
  const { c } = props;
  const t = c.var.t;
  const path = new URL(c.req.url).pathname;
  return (
    <Document c={c} title={props.title} hasError={props.hasError} bodyClass="public" feeds={props.feeds}>
      <header class="site-header">
        <div class="container header-row">
          <a class="site-name" href="/">
            <span lang={siteName(c).lang}>{siteName(c).text}</span>
            <span class="site-sub">{t('site.platform')}</span>
          </a>
          <div class="header-tools">
            <LanguageSwitcher c={c} />
            <ViewToggle c={c} />
          </div>
        </div>
        <nav class="main-nav" aria-label={t('nav.main')}>
          <ul class="container">
            <li>
              <a href="/" aria-current={path === '/' ? 'page' : undefined}>
                {t('nav.home')}
              </a>
            </li>
            <li>
              <a href="/xxgk" aria-current={path.startsWith('/xxgk') ? 'page' : undefined}>
                {t('nav.orgs')}
              </a>
            </li>
            <li>
              <a href="/search" aria-current={path === '/search' ? 'page' : undefined}>
                {t('nav.search')}
              </a>
            </li>
            <li>
              <a
                href="/apply"
                aria-current={path.startsWith('/apply') || path.startsWith('/track') ? 'page' : undefined}
              >
                {t('nav.apply')}
              </a>
            </li>
            <li>
              <a href="/statistics" aria-current={path.startsWith('/statistics') ? 'page' : undefined}>
                {t('nav.statistics')}
              </a>
            </li>
            <li>
              <a href="/supervision" aria-current={path.startsWith('/supervision') ? 'page' : undefined}>
                {t('nav.supervision')}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <div class="container">
        <Breadcrumbs c={c} items={props.breadcrumbs ?? []} />
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </div>
      <footer class="site-footer">
        <div class="container">
          <p>{t('site.footer_about')}</p>
          <p>
            <a href="/staff/login">{t('site.staff_login')}</a>
          </p>
        </div>
      </footer>
    </Document>
  );
}

/** The back office frame; `nav` is supplied by the staff area so this file knows nothing of it. */
export function StaffLayout(props: {
  c: Context<AppEnv>;
  title: string;
  nav?: Child;
  breadcrumbs?: Crumb[];
  hasError?: boolean;
  children: Child;
}) {
  const { c } = props;
  return (
    <Document c={c} title={props.title} hasError={props.hasError} bodyClass="staff">
      <header class="site-header staff-header">
        <div class="container header-row">
          <a class="site-name" href="/staff">
            <span lang={siteName(c).lang}>{siteName(c).text}</span>
            <span class="site-sub">{c.var.t('site.platform')}</span>
          </a>
          <div class="header-tools">
            <LanguageSwitcher c={c} />
            <ViewToggle c={c} />
          </div>
        </div>
        {props.nav}
      </header>
      <div class="container">
        <Breadcrumbs c={c} items={props.breadcrumbs ?? []} />
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </div>
    </Document>
  );
}

/** 404, 403, 500 and other error pages, in the visitor's language, with the request id for support. */
export function ErrorPage(props: { c: Context<AppEnv>; status: number; message: string }) {
  const { c, status } = props;
  const t = c.var.t;
  const title =
    status === 404
      ? t('error.title_404')
      : status === 403
        ? t('error.title_403')
        : status >= 500
          ? t('error.title_500')
          : t('error.title_generic');
  const Layout = new URL(c.req.url).pathname.startsWith('/staff') ? StaffLayout : PublicLayout;
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">{t('error.back_home')}</a>
      </p>
      <p class="muted">{t('error.request_id', { id: c.var.requestId })}</p>
    </Layout>
  );
}
