import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../platform/http/env.js';
import { PublicLayout, type Crumb } from '../../platform/ui/layout.js';
import { OrgName } from '../../orgs/http/column.public.js';
import type { PublicOrgPage } from '../../orgs/http/orgs.public.presenter.js';
import { catalogPath, formatSize, type PublicItem } from './catalog.public.view.js';
import { orgCrumbs } from './catalog.public.page.js';
import './catalog.public.messages.js';

function crumbsFor(
  c: Context<AppEnv>,
  org: PublicOrgPage | undefined,
  orgCode: string,
  title: string,
): Crumb[] {
  const t = c.var.t;
  const base: Crumb[] = org
    ? orgCrumbs(c, org, true)
    : [
        { href: '/', label: t('nav.home') },
        { href: '/xxgk', label: t('xxgk.directory.crumb') },
      ];
  return [
    ...base,
    { href: catalogPath(org ? orgCode : undefined), label: t('catalog.public.title') },
    { label: title },
  ];
}

/** The banner of a 规章 or 规范性文件 that is abolished, not yet in force, or amended. */
function ValidityBanner({ c, item }: { c: Context<AppEnv>; item: PublicItem }) {
  const t = c.var.t;
  const zh = c.var.lang === 'en' ? 'zh-CN' : undefined;
  return (
    <>
      {item.validity === 'abolished' && item.abolishedOn ? (
        <p class="notice-alert" role="note">
          <strong>{t('item.public.abolished_banner', { date: item.abolishedOn })}</strong>
        </p>
      ) : null}
      {item.validity === 'not_yet_effective' && item.effectiveOn ? (
        <p class="notice-info" role="note">
          {t('item.public.not_yet_effective_banner', { date: item.effectiveOn })}
        </p>
      ) : null}
      {item.amendedBy ? (
        <p class="notice-info" role="note">
          {item.amendedOn
            ? t('item.public.amended_banner', { date: item.amendedOn })
            : t('item.public.amended_banner_nodate')}{' '}
          {item.amendedBy.url ? (
            <a href={item.amendedBy.url} lang={zh}>
              {item.amendedBy.title}
            </a>
          ) : (
            <span lang={zh}>{item.amendedBy.title}</span>
          )}
        </p>
      ) : null}
    </>
  );
}

/**
 * `/xxgk/{code}/items/{indexNumber}`: the metadata block (索引号, 分类/主题分类, 发布机构, 成文日期,
 * 发布日期, 文号, 有效性, 主题词, 名称 — cn-rules §4), the summary, the sanitised text and the
 * attachments with their type, size and download link.
 */
export function ItemPage({ c, org, item }: { c: Context<AppEnv>; org?: PublicOrgPage; item: PublicItem }) {
  const t = c.var.t;
  const lang = c.var.lang;
  const zh = lang === 'en' ? 'zh-CN' : undefined;
  const none = <span class="muted">{t('item.public.none')}</span>;
  const categories = item.columns
    .map((col) => (lang === 'en' && col.nameEn ? col.nameEn : col.name))
    .join('；');
  return (
    <PublicLayout c={c} title={item.title} breadcrumbs={crumbsFor(c, org, item.org.code, item.title)}>
      <h1 lang={zh}>{item.title}</h1>
      <ValidityBanner c={c} item={item} />
      <section aria-labelledby="meta-h" class="public-item-meta">
        <h2 id="meta-h" class="visually-hidden">
          {t('item.public.meta_h')}
        </h2>
        <dl class="facts">
          <dt>{t('item.public.index_number')}</dt>
          <dd>{item.indexNumber ?? none}</dd>
          <dt>{t('item.public.category')}</dt>
          <dd>{categories || none}</dd>
          <dt>{t('item.public.subject')}</dt>
          <dd lang={item.subjectCategory ? zh : undefined}>{item.subjectCategory ?? none}</dd>
          <dt>{t('item.public.org')}</dt>
          <dd>
            <OrgName c={c} org={item.org} />
          </dd>
          <dt>{t('item.public.formed_on')}</dt>
          <dd>{item.formedOn ?? none}</dd>
          <dt>{t('item.public.published_on')}</dt>
          <dd>{item.publishedOn ?? none}</dd>
          <dt>{t('item.public.doc_number')}</dt>
          <dd lang={item.docNumber ? zh : undefined}>{item.docNumber ?? none}</dd>
          {item.validity ? (
            <>
              <dt>{t('item.public.validity')}</dt>
              <dd>
                {t(`catalog.public.validity.${item.validity}`)}
                {item.effectiveOn ? `（${t('item.public.effective_on')}：${item.effectiveOn}）` : ''}
                {item.abolishedOn ? `（${t('item.public.abolished_on')}：${item.abolishedOn}）` : ''}
              </dd>
            </>
          ) : null}
          <dt>{t('item.public.keywords')}</dt>
          <dd lang={item.keywords.length > 0 ? zh : undefined}>
            {item.keywords.length > 0 ? item.keywords.join('；') : none}
          </dd>
          <dt>{t('item.public.title')}</dt>
          <dd lang={zh}>{item.title}</dd>
        </dl>
      </section>
      {item.summary.trim() ? (
        <section aria-labelledby="summary-h">
          <h2 id="summary-h">{t('item.public.summary_h')}</h2>
          <p class="prewrap" lang={zh}>
            {item.summary}
          </p>
        </section>
      ) : null}
      <section aria-labelledby="body-h">
        <h2 id="body-h">{t('item.public.body_h')}</h2>
        {item.bodyHtml.trim() ? (
          // body_html is sanitised when it is saved (the catalog never stores it unsanitised).
          <div class="public-item-body" lang={zh}>
            {raw(item.bodyHtml)}
          </div>
        ) : (
          <p class="muted">{t('item.public.no_body')}</p>
        )}
      </section>
      {item.attachments.length > 0 ? (
        <section aria-labelledby="attachments-h">
          <h2 id="attachments-h">{t('item.public.attachments_h')}</h2>
          <ul class="attachment-list">
            {item.attachments.map((a) => (
              <li>
                <a href={a.url} download>
                  <span lang={zh}>{a.name}</span>
                  <span class="visually-hidden">（{t('item.public.download')}）</span>
                </a>{' '}
                <span class="muted">
                  {t('item.public.attachment_meta', { type: a.type, size: formatSize(a.size) })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={catalogPath(item.org.code)}>{t('item.public.back_to_catalog')}</a>
      </p>
    </PublicLayout>
  );
}

/** A withdrawn item (served with 410 Gone): when and why, instead of a bare "not found". */
export function WithdrawnItemPage(props: {
  c: Context<AppEnv>;
  org?: PublicOrgPage;
  orgCode: string;
  title: string;
  withdrawnOn: string;
  reason: string | null;
}) {
  const { c } = props;
  const t = c.var.t;
  const zh = c.var.lang === 'en' ? 'zh-CN' : undefined;
  const heading = t('item.public.withdrawn_title');
  return (
    <PublicLayout c={c} title={heading} breadcrumbs={crumbsFor(c, props.org, props.orgCode, heading)}>
      <h1>
        <span class="caption" lang={zh}>
          {props.title}
        </span>
        {heading}
      </h1>
      <p class="notice-alert" role="note">
        {t('item.public.withdrawn', {
          date: props.withdrawnOn,
          reason: props.reason?.trim() || t('item.public.withdrawn_noreason'),
        })}
      </p>
      <p>{t('item.public.withdrawn_hint')}</p>
      <ul>
        <li>
          <a href={catalogPath(props.org ? props.orgCode : undefined)}>{t('catalog.public.title')}</a>
        </li>
        <li>
          <a href="/search">{t('search.public.title')}</a>
        </li>
      </ul>
    </PublicLayout>
  );
}
