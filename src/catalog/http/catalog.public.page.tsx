import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { AppEnv } from '../../platform/http/env.js';
import { PublicLayout, siteName, type Crumb, type FeedLink } from '../../platform/ui/layout.js';
import { OrgName, columnPath } from '../../orgs/http/column.public.js';
import { displayName, presentOrgRef, type PublicOrgPage } from '../../orgs/http/orgs.public.presenter.js';
import type { CatalogColumn, ItemWithOrg, Page } from '../catalog.repository.js';
import { COLUMN_KINDS } from '../catalog.tables.js';
import {
  catalogPath,
  columnName,
  feedPath,
  pageCount,
  toListRow,
  type PublicListRow,
} from './catalog.public.view.js';
import { PAGE_SIZE, type CatalogParams } from './catalog.public.params.js';
import './catalog.public.messages.js';

/** The feeds of a listing, for the page head and the visible links. */
export function feedLinks(c: Context<AppEnv>, title: string, orgCode?: string, column?: string): FeedLink[] {
  return [
    {
      href: feedPath('atom', orgCode, column),
      title: `${title} (${c.var.t('catalog.public.feed_atom')})`,
      type: 'application/atom+xml',
    },
    {
      href: feedPath('rss', orgCode, column),
      title: `${title} (${c.var.t('catalog.public.feed_rss')})`,
      type: 'application/rss+xml',
    },
  ];
}

/** Breadcrumbs of an organisation's pages: home, directory, its parents, itself. */
export function orgCrumbs(c: Context<AppEnv>, page: PublicOrgPage, linkSelf: boolean): Crumb[] {
  const crumb = (org: PublicOrgPage['org'], href?: string): Crumb => {
    const { text, isChinese } = displayName(presentOrgRef(org), c.var.lang);
    return { label: text, href, ...(c.var.lang === 'en' && isChinese ? { lang: 'zh-CN' } : {}) };
  };
  return [
    { href: '/', label: c.var.t('nav.home') },
    { href: '/xxgk', label: c.var.t('xxgk.directory.crumb') },
    ...page.ancestors.map((a) => crumb(a, columnPath(a.code))),
    crumb(page.org, linkSelf ? columnPath(page.org.code) : undefined),
  ];
}

/** Previous / next links and "page x of y"; links keep every other query parameter. */
export function Pagination(props: {
  c: Context<AppEnv>;
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
}) {
  const { c, page, pages } = props;
  const t = c.var.t;
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('catalog.public.pagination')}>
      {page > 1 ? (
        <a href={props.hrefFor(page - 1)} rel="prev">
          {t('catalog.public.prev')}
        </a>
      ) : null}
      <span>{t('catalog.public.page_of', { page, pages })}</span>
      {page < pages ? (
        <a href={props.hrefFor(page + 1)} rel="next">
          {t('catalog.public.next')}
        </a>
      ) : null}
    </nav>
  );
}

/** One line of facts under a listed item: who published it, when, and its 文号 and 索引号. */
export function ItemFacts({ c, row }: { c: Context<AppEnv>; row: PublicListRow }) {
  const t = c.var.t;
  const zh = c.var.lang === 'en' ? 'zh-CN' : undefined;
  return (
    <p class="item-facts">
      <span>
        {t('catalog.public.org')}：<OrgName c={c} org={{ name: row.orgName, nameEn: row.orgNameEn }} />
      </span>
      {row.publishedOn ? (
        <span>
          {t('catalog.public.published_on')}：{row.publishedOn}
        </span>
      ) : null}
      {row.docNumber ? (
        <span>
          {t('catalog.public.doc_number')}：<span lang={zh}>{row.docNumber}</span>
        </span>
      ) : null}
      {row.indexNumber ? (
        <span>
          {t('catalog.public.index_number')}：{row.indexNumber}
        </span>
      ) : null}
    </p>
  );
}

/** A list of published items, newest first. */
export function ItemList({ c, items }: { c: Context<AppEnv>; items: ItemWithOrg[] }) {
  const zh = c.var.lang === 'en' ? 'zh-CN' : undefined;
  return (
    <ol class="item-list">
      {items.map(toListRow).map((row) => (
        <li>
          {row.path ? (
            <a class="item-title" href={row.path} lang={zh}>
              {row.title}
            </a>
          ) : (
            <span class="item-title" lang={zh}>
              {row.title}
            </span>
          )}
          <ItemFacts c={c} row={row} />
        </li>
      ))}
    </ol>
  );
}

/** A `<select>` of columns grouped by kind, each with its number of published items. */
export function ColumnSelect(props: {
  c: Context<AppEnv>;
  id: string;
  columns: CatalogColumn[];
  counts?: Map<string, number>;
  selected?: string;
  allLabel: string;
}) {
  const { c, columns, counts } = props;
  const t = c.var.t;
  return (
    <select id={props.id} name="column">
      <option value="">{props.allLabel}</option>
      {COLUMN_KINDS.map((kind) => {
        const group = columns.filter((col) => col.kind === kind);
        if (group.length === 0) return null;
        return (
          <optgroup label={t(`catalog.public.kind.${kind}`)}>
            {group.map((col) => (
              <option value={col.code} selected={col.code === props.selected}>
                {columnName(col, c.var.lang)}
                {counts
                  ? c.var.lang === 'en'
                    ? ` (${counts.get(col.code) ?? 0})`
                    : `（${counts.get(col.code) ?? 0}）`
                  : ''}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}

export function FeedLinksLine({ c, feeds }: { c: Context<AppEnv>; feeds: FeedLink[] }) {
  const t = c.var.t;
  return (
    <p class="feed-links">
      {t('catalog.public.feeds')}
      <a href={feeds[0]!.href}>{t('catalog.public.feed_atom')}</a>
      {' · '}
      <a href={feeds[1]!.href}>{t('catalog.public.feed_rss')}</a>
    </p>
  );
}

/**
 * `/xxgk/catalog` (the whole city) and `/xxgk/{code}/items` (an organisation with the offices under
 * it): published items, newest first, filtered by column and year, 20 to a page.
 */
export function CatalogListPage(props: {
  c: Context<AppEnv>;
  org?: PublicOrgPage;
  columns: CatalogColumn[];
  counts: Map<string, number>;
  years: number[];
  params: CatalogParams;
  result: Page<ItemWithOrg>;
}) {
  const { c, org, params, result } = props;
  const t = c.var.t;
  const heading = t('catalog.public.title');
  const ownerName = org ? displayName(presentOrgRef(org.org), c.var.lang) : null;
  const city = siteName(c);
  const path = catalogPath(org?.org.code);
  const title = ownerName ? `${heading} - ${ownerName.text}` : heading;
  const feeds = feedLinks(c, ownerName ? ownerName.text : city.text, org?.org.code, params.column);
  const crumbs: Crumb[] = org
    ? [...orgCrumbs(c, org, true), { label: heading }]
    : [
        { href: '/', label: t('nav.home') },
        { href: '/xxgk', label: t('xxgk.directory.crumb') },
        { label: heading },
      ];
  const pages = pageCount(result.total, PAGE_SIZE);
  const hrefFor = (page: number) => {
    const q = new URLSearchParams();
    if (params.column) q.set('column', params.column);
    if (params.year) q.set('year', String(params.year));
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  const hasFilters = Boolean(params.column || params.year);
  return (
    <PublicLayout c={c} title={title} breadcrumbs={crumbs} feeds={feeds}>
      <h1>
        <span class="caption">
          {org ? <OrgName c={c} org={presentOrgRef(org.org)} /> : <span lang={city.lang}>{city.text}</span>}
        </span>
        {heading}
      </h1>
      <p>{org ? t('catalog.public.lead_org') : t('catalog.public.lead_city')}</p>
      <form class="filter-form" method="get" action={path} aria-labelledby="filter-h">
        <h2 id="filter-h" class="filter-heading">
          {t('catalog.public.filter_h')}
        </h2>
        <div class="field">
          <label for="column">{t('catalog.public.column')}</label>
          <ColumnSelect
            c={c}
            id="column"
            columns={props.columns}
            counts={props.counts}
            selected={params.column}
            allLabel={t('catalog.public.all_columns')}
          />
        </div>
        <div class="field">
          <label for="year">{t('catalog.public.year')}</label>
          <select id="year" name="year">
            <option value="">{t('catalog.public.all_years')}</option>
            {props.years.map((y) => (
              <option value={String(y)} selected={y === params.year}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('catalog.public.apply')}</button>
        {hasFilters ? (
          <a class="clear-link" href={path}>
            {t('catalog.public.clear')}
          </a>
        ) : null}
      </form>
      <FeedLinksLine c={c} feeds={feeds} />
      <h2 id="results">
        {t('catalog.public.results_h')}
        <span class="count">{t('catalog.public.count', { n: result.total })}</span>
      </h2>
      {result.items.length > 0 ? (
        <ItemList c={c} items={result.items} />
      ) : (
        <div class="empty-state">
          <p class="empty-title">{t('catalog.public.empty')}</p>
          <p class="muted">
            {t('catalog.public.empty_hint')} <a href="/search">{t('search.public.title')}</a>
          </p>
        </div>
      )}
      <Pagination c={c} page={params.page} pages={pages} hrefFor={hrefFor} />
    </PublicLayout>
  );
}

/** Raw HTML that is already safe (sanitised body, index-escaped snippets). */
export function SafeHtml({ html }: { html: string }): Child {
  return raw(html);
}
