import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { OrgGuide } from '../guide.js';
import { ColumnFrame, EmptyState, OrgName, SUB_COLUMNS, columnPath } from './column.public.js';
import { PublishedReportsList } from '../../reports/http/published-reports.js';
import type { PublicOrgPage } from './orgs.public.presenter.js';
import { presentOrgRef } from './orgs.public.presenter.js';
import { listPublishedItems, type ItemWithOrg, type Page } from '../../catalog/catalog.repository.js';
import { ItemList } from '../../catalog/http/catalog.public.page.js';
import { catalogPath } from '../../catalog/http/catalog.public.view.js';

/** `/xxgk/{code}`: the column's front page, leading to its four sub-columns. */
export function ColumnHomePage({ c, page }: { c: Context<AppEnv>; page: PublicOrgPage }) {
  const t = c.var.t;
  const { org } = page;
  const parent = page.ancestors[page.ancestors.length - 1];
  const functions = org.functions?.trim() ? org.functions : null;
  return (
    <ColumnFrame c={c} page={page} section="home">
      <dl class="facts">
        <dt>{t('xxgk.org.kind')}</dt>
        <dd>{t(`xxgk.kind.${org.kind}`)}</dd>
        {parent ? (
          <>
            <dt>{t('xxgk.org.parent')}</dt>
            <dd>
              <a href={columnPath(parent.code)}>
                <OrgName c={c} org={presentOrgRef(parent)} />
              </a>
            </dd>
          </>
        ) : null}
      </dl>

      <h2>{t('xxgk.org.sub_columns')}</h2>
      <ul class="card-list">
        <li>
          <a class="card-title" href={catalogPath(org.code)}>
            {t('catalog.public.link_catalog')}
          </a>
          <p>{t('catalog.public.link_catalog_desc')}</p>
        </li>
        {SUB_COLUMNS.map((col) => (
          <li>
            <a class="card-title" href={columnPath(org.code, col.section)}>
              {t(col.titleKey)}
            </a>
            <p>{t(col.descKey)}</p>
          </li>
        ))}
      </ul>

      <h2>{t('xxgk.org.functions')}</h2>
      {functions ? (
        <p class="prewrap" lang={c.var.lang === 'en' ? 'zh-CN' : undefined}>
          {functions}
        </p>
      ) : (
        <p class="muted">{t('xxgk.org.functions_missing')}</p>
      )}

      {page.children.length > 0 ? (
        <>
          <h2>{t('xxgk.sub_offices')}</h2>
          <ul class="org-list">
            {page.children.map((child) => (
              <li>
                <a href={columnPath(child.code)}>
                  <OrgName c={c} org={child} />
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </ColumnFrame>
  );
}

/** `/xxgk/{code}/rules`: 政府信息公开制度. The organisation's own rules arrive with the catalog. */
export function RulesPage({ c, page }: { c: Context<AppEnv>; page: PublicOrgPage }) {
  const t = c.var.t;
  return (
    <ColumnFrame c={c} page={page} section="rules">
      <p>{t('xxgk.rules.intro')}</p>
      <h2>{t('xxgk.rules.national_h')}</h2>
      <p>{t('xxgk.rules.national')}</p>
      <h2>{t('xxgk.rules.own_h')}</h2>
      <EmptyState c={c} note={t('xxgk.empty_catalog')} />
    </ColumnFrame>
  );
}

/** How many of each statutory column's latest items the statutory page lists before "all n items". */
const STATUTORY_LATEST = 5;

/**
 * `/xxgk/{code}/statutory`: 法定主动公开内容, arranged by the fifteen items of 条例第二十条 (and, for the
 * city government and the towns, the extra item of 第二十一条). Each item lists the latest published
 * items of its catalog column (guide key `guide.category.art20_7` ↔ column `art20_7`), from the
 * organisation and the offices under it as in its catalog, with a link to all of them; an item with
 * nothing published says so.
 */
export async function StatutoryPage({
  c,
  page,
  guide,
}: {
  c: Context<AppEnv>;
  page: PublicOrgPage;
  guide: OrgGuide;
}) {
  const t = c.var.t;
  const categories = guide.classification.categories;
  const hasArt21 = categories.some((cat) => cat.key.includes('art21'));
  const functions = page.org.functions?.trim() ? page.org.functions : null;
  const labelOf = (key: string, i: number) =>
    key.includes('art21') ? t('xxgk.statutory.art21_prefix') : t(`xxgk.item_no.${i + 1}`);
  const columnOf = (key: string) => key.replace(/^guide\.category\./, '');
  const db = c.var.deps.database.db;
  const published = new Map<string, Page<ItemWithOrg>>();
  for (const cat of categories) {
    const code = columnOf(cat.key);
    published.set(
      code,
      await listPublishedItems(db, { orgPath: page.org.path, columnCode: code, limit: STATUTORY_LATEST }),
    );
  }
  return (
    <ColumnFrame c={c} page={page} section="statutory">
      <p>{t('xxgk.statutory.intro')}</p>
      {hasArt21 ? <p>{t('xxgk.statutory.intro_art21')}</p> : null}
      <p>
        <a href={catalogPath(page.org.code)}>{t('catalog.public.link_catalog')}</a>
      </p>
      <h2 id="contents">{t('xxgk.statutory.contents')}</h2>
      <ul class="plain-list">
        {categories.map((cat, i) => (
          <li>
            <a href={`#item-${i + 1}`}>
              {labelOf(cat.key, i)}
              {t(cat.key)}
            </a>
          </li>
        ))}
      </ul>
      {categories.map((cat, i) => (
        <section aria-labelledby={`item-${i + 1}`}>
          <h2 id={`item-${i + 1}`} class="item-heading">
            {labelOf(cat.key, i)}
            {t(cat.key)}
          </h2>
          {cat.key === 'guide.category.art20_2' ? (
            <>
              {functions ? (
                <>
                  <h3>{t('xxgk.org.functions')}</h3>
                  <p class="prewrap" lang={c.var.lang === 'en' ? 'zh-CN' : undefined}>
                    {functions}
                  </p>
                </>
              ) : null}
              <p>
                {t('xxgk.statutory.art2_guide')}
                <a href={columnPath(page.org.code, 'guide')}>{t('xxgk.column.guide')}</a>
              </p>
            </>
          ) : null}
          <StatutoryItems
            c={c}
            orgCode={page.org.code}
            column={columnOf(cat.key)}
            result={published.get(columnOf(cat.key))}
          />
        </section>
      ))}
    </ColumnFrame>
  );
}

function StatutoryItems(props: {
  c: Context<AppEnv>;
  orgCode: string;
  column: string;
  result: Page<ItemWithOrg> | undefined;
}) {
  const { c, result } = props;
  const t = c.var.t;
  if (!result || result.total === 0) return <p class="empty-state">{t('xxgk.empty')}</p>;
  return (
    <>
      <ItemList c={c} items={result.items} />
      {result.total > result.items.length ? (
        <p>
          <a href={`${catalogPath(props.orgCode)}?column=${encodeURIComponent(props.column)}`}>
            {t('catalog.public.statutory_more', { n: result.total })}
          </a>
        </p>
      ) : null}
    </>
  );
}

/** `/xxgk/{code}/annual-reports`: 政府信息公开年报, every published year (src/reports/http). */
export function AnnualReportsPage({ c, page }: { c: Context<AppEnv>; page: PublicOrgPage }) {
  const t = c.var.t;
  return (
    <ColumnFrame c={c} page={page} section="annual-reports">
      <p>{t('xxgk.annual_reports.intro')}</p>
      <h2>{t('xxgk.annual_reports.list_h')}</h2>
      <PublishedReportsList c={c} orgId={page.org.id} orgCode={page.org.code} empty={<EmptyState c={c} />} />
    </ColumnFrame>
  );
}
