import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../platform/http/env.js';
import { PublicLayout } from '../../platform/ui/layout.js';
import {
  displayName,
  type PublicDirectory,
  type PublicOrgNode,
} from '../../orgs/http/orgs.public.presenter.js';
import type { CatalogColumn } from '../catalog.repository.js';
import { DOC_TYPES } from '../catalog.tables.js';
import { ColumnSelect, ItemFacts, Pagination } from './catalog.public.page.js';
import { pageCount, toListRow } from './catalog.public.view.js';
import {
  MAX_PAGE,
  PAGE_SIZE,
  hasSearchFilters,
  searchQueryString,
  type SearchParams,
} from './catalog.public.params.js';
import type { PublicSearchResult } from './search.public.query.js';
import './catalog.public.messages.js';

/** What the visitor typed, shown back exactly as typed (never converted to traditional characters). */
function AsTyped({ text }: { text: string }) {
  return (
    <>
      {raw('<!--noconv-->')}
      <q>{text}</q>
      {raw('<!--/noconv-->')}
    </>
  );
}

interface OrgOption {
  code: string;
  label: string;
  depth: number;
}

/** The directory flattened for a `<select>`: each office, indented under its parent. */
export function orgOptions(
  directory: PublicDirectory,
  lang: SearchPageProps['c']['var']['lang'],
): OrgOption[] {
  const out: OrgOption[] = [];
  const walk = (node: PublicOrgNode, depth: number) => {
    out.push({ code: node.code, label: displayName(node, lang).text, depth });
    for (const child of node.children) walk(child, depth + 1);
  };
  if (directory.government) walk(directory.government, 0);
  for (const node of [...directory.departments, ...directory.towns]) walk(node, 1);
  return out;
}

/** The one search box: a visible label, the hint, the button. Also used on the home page. */
export function SearchBox({ c, q, id = 'q' }: { c: Context<AppEnv>; q: string; id?: string }) {
  const t = c.var.t;
  return (
    <div class="field search-field">
      <label for={id}>{t('search.public.label')}</label>
      <span class="hint" id={`${id}-hint`}>
        {t('search.public.hint')}
      </span>
      <div class="search-row">
        {raw('<!--noconv-->')}
        <input
          type="search"
          id={id}
          name="q"
          value={q}
          maxlength={200}
          aria-describedby={`${id}-hint`}
          autocomplete="off"
        />
        {raw('<!--/noconv-->')}
        <button type="submit">{t('search.public.submit')}</button>
      </div>
    </div>
  );
}

interface SearchPageProps {
  c: Context<AppEnv>;
  params: SearchParams;
  result: PublicSearchResult;
  orgs: OrgOption[];
  columns: CatalogColumn[];
  years: number[];
}

function EmptyResult({ c, params, result }: Pick<SearchPageProps, 'c' | 'params' | 'result'>) {
  const t = c.var.t;
  const filtered = hasSearchFilters(params);
  return (
    <div class="empty-state" id="empty">
      <p class="empty-title">{t('search.public.empty_title')}</p>
      <p>
        {t('search.public.empty_query')}
        <AsTyped text={params.q} />
      </p>
      {result.terms.length === 0 ? <p>{t('search.public.no_terms')}</p> : null}
      <p>{t('search.public.suggest_h')}</p>
      <ul>
        <li>{t('search.public.suggest_spelling')}</li>
        <li>{t('search.public.suggest_fewer')}</li>
        {filtered ? (
          <li>
            {t('search.public.suggest_filters')}{' '}
            <a href={`/search${searchQueryString({ q: params.q, sort: params.sort })}`}>
              {t('search.public.clear_filters')}
            </a>
          </li>
        ) : null}
        <li>{t('search.public.suggest_variant')}</li>
        <li>
          {t('search.public.suggest_browse')} <a href="/xxgk/catalog">{t('search.public.browse')}</a>
        </li>
      </ul>
    </div>
  );
}

/**
 * `/search`: one search box, filters (organisation with its sub-organisations, column, year, document
 * type, validity), sort, the result count, results with highlighted title and snippet, pagination,
 * and an honest empty state. Works without JavaScript: the form is a plain GET.
 */
export function SearchPage(props: SearchPageProps) {
  const { c, params, result } = props;
  const t = c.var.t;
  const zh = c.var.lang === 'en' ? 'zh-CN' : undefined;
  const pages = Math.min(pageCount(result.total, PAGE_SIZE), MAX_PAGE);
  const title = params.q ? `${params.q} - ${t('search.public.title')}` : t('search.public.title');
  return (
    <PublicLayout
      c={c}
      title={title}
      breadcrumbs={[{ href: '/', label: t('nav.home') }, { label: t('search.public.title') }]}
    >
      <h1>{t('search.public.title')}</h1>
      <form method="get" action="/search" role="search">
        <SearchBox c={c} q={params.q} />
        <details
          class="filter-form search-filters"
          open={hasSearchFilters(params) || params.sort !== 'relevance'}
        >
          <summary>{t('search.public.filters')}</summary>
          <div class="field">
            <label for="org">{t('search.public.org')}</label>
            <select id="org" name="org">
              <option value="">{t('search.public.all_orgs')}</option>
              {props.orgs.map((o) => (
                <option value={o.code} selected={o.code === params.org}>
                  {'\u00a0\u00a0'.repeat(o.depth)}
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="column">{t('search.public.column')}</label>
            <ColumnSelect
              c={c}
              id="column"
              columns={props.columns}
              selected={params.column}
              allLabel={t('catalog.public.all_columns')}
            />
          </div>
          <div class="field">
            <label for="year">{t('search.public.year')}</label>
            <select id="year" name="year">
              <option value="">{t('catalog.public.all_years')}</option>
              {props.years.map((y) => (
                <option value={String(y)} selected={y === params.year}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="type">{t('search.public.doc_type')}</label>
            <select id="type" name="type">
              <option value="">{t('search.public.all_doc_types')}</option>
              {DOC_TYPES.map((d) => (
                <option value={d} selected={d === params.docType}>
                  {t(`catalog.public.doc_type.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="validity">{t('search.public.validity')}</label>
            <select id="validity" name="validity">
              <option value="">{t('search.public.all_validity')}</option>
              {(['valid', 'abolished', 'not_yet_effective'] as const).map((v) => (
                <option value={v} selected={v === params.validity}>
                  {t(`catalog.public.validity.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="sort">{t('search.public.sort')}</label>
            <select id="sort" name="sort">
              <option value="relevance" selected={params.sort === 'relevance'}>
                {t('search.public.sort.relevance')}
              </option>
              <option value="date" selected={params.sort === 'date'}>
                {t('search.public.sort.date')}
              </option>
            </select>
          </div>
          <button type="submit">{t('search.public.submit')}</button>
        </details>
      </form>

      {!params.q ? (
        <p>
          {t('search.public.prompt')} <a href="/xxgk/catalog">{t('search.public.browse')}</a>
        </p>
      ) : result.hits.length === 0 && (result.total === 0 || params.page === 1) ? (
        <>
          <h2 id="results">
            {t('search.public.results_h')}
            <span class="count">{t('search.public.count', { n: 0 })}</span>
          </h2>
          <EmptyResult c={c} params={params} result={result} />
        </>
      ) : (
        <>
          <h2 id="results">
            {t('search.public.results_h')}
            <span class="count">
              {result.totalIsEstimate
                ? t('search.public.count_about', { n: result.total.toLocaleString('en'), page: params.page })
                : result.totalIsLowerBound
                  ? t('search.public.count_at_least', {
                      n: result.total.toLocaleString('en'),
                      page: params.page,
                    })
                  : pages > 1
                    ? t('search.public.count_page', { n: result.total, page: params.page })
                    : t('search.public.count', { n: result.total })}
            </span>
          </h2>
          {result.hits.length > 0 ? (
            <ol class="item-list search-results" start={(params.page - 1) * PAGE_SIZE + 1}>
              {result.hits.map((hit) => {
                const row = toListRow(hit.item);
                return (
                  <li>
                    {row.path ? (
                      <a class="item-title" href={row.path} lang={zh}>
                        {raw(hit.titleHtml)}
                      </a>
                    ) : (
                      <span class="item-title" lang={zh}>
                        {raw(hit.titleHtml)}
                      </span>
                    )}
                    {hit.snippetHtml ? (
                      <p class="snippet" lang={zh}>
                        {raw(hit.snippetHtml)}
                      </p>
                    ) : null}
                    <ItemFacts c={c} row={row} />
                  </li>
                );
              })}
            </ol>
          ) : (
            <p class="empty-state">
              {t('search.public.past_end')}{' '}
              <a href={`/search${searchQueryString({ ...params, page: 1 })}`}>
                {t('search.public.first_page')}
              </a>
            </p>
          )}
          <Pagination
            c={c}
            page={params.page}
            pages={pages}
            hrefFor={(page) => `/search${searchQueryString({ ...params, page })}`}
          />
        </>
      )}
    </PublicLayout>
  );
}
