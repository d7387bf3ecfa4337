import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../platform/http/env.js';
import { PublicLayout, type Crumb } from '../../platform/ui/layout.js';
import {
  displayName,
  presentOrgRef,
  type PublicOrgPage,
  type PublicOrgRef,
} from './orgs.public.presenter.js';
import './orgs.public.messages.js';

/** The sub-columns of every organisation's 政府信息公开 column (国办公开办函〔2019〕61号's standard set). */
export const SUB_COLUMNS = [
  { section: 'guide', path: 'guide', titleKey: 'xxgk.column.guide', descKey: 'xxgk.column.guide_desc' },
  { section: 'rules', path: 'rules', titleKey: 'xxgk.column.rules', descKey: 'xxgk.column.rules_desc' },
  {
    section: 'statutory',
    path: 'statutory',
    titleKey: 'xxgk.column.statutory',
    descKey: 'xxgk.column.statutory_desc',
  },
  {
    section: 'annual-reports',
    path: 'annual-reports',
    titleKey: 'xxgk.column.annual_reports',
    descKey: 'xxgk.column.annual_reports_desc',
  },
] as const;

export type ColumnSection = 'home' | (typeof SUB_COLUMNS)[number]['section'];

export function columnPath(code: string, section: ColumnSection = 'home'): string {
  return section === 'home' ? `/xxgk/${code}` : `/xxgk/${code}/${section}`;
}

/** An organisation's name in the reader's language; a Chinese name on an English page is marked as such. */
export function OrgName({ c, org }: { c: Context<AppEnv>; org: Pick<PublicOrgRef, 'name' | 'nameEn'> }) {
  const { text, isChinese } = displayName(org, c.var.lang);
  return c.var.lang === 'en' && isChinese ? <span lang="zh-CN">{text}</span> : <>{text}</>;
}

function crumbFor(c: Context<AppEnv>, org: PublicOrgRef, href?: string): Crumb {
  const { text, isChinese } = displayName(org, c.var.lang);
  const crumb: Crumb = { label: text, href };
  if (c.var.lang === 'en' && isChinese) crumb.lang = 'zh-CN';
  return crumb;
}

/** A message that is missing from the organisation's data, said plainly rather than invented. */
export function EmptyState({ c, note }: { c: Context<AppEnv>; note?: string }) {
  return (
    <div class="empty-state">
      <p class="empty-title">{c.var.t('xxgk.empty')}</p>
      {note ? <p class="muted">{note}</p> : null}
    </div>
  );
}

/**
 * The frame of every page of an organisation's column: breadcrumbs through its parents, the
 * organisation's name as the caption of the one h1, and the sub-column navigation.
 */
export function ColumnFrame(props: {
  c: Context<AppEnv>;
  page: PublicOrgPage;
  section: ColumnSection;
  children: Child;
}) {
  const { c, page, section } = props;
  const t = c.var.t;
  const org = presentOrgRef(page.org);
  const orgName = displayName(org, c.var.lang).text;
  const current = SUB_COLUMNS.find((col) => col.section === section);
  const heading = current ? t(current.titleKey) : t('xxgk.column.home');
  const crumbs: Crumb[] = [
    { href: '/', label: t('nav.home') },
    { href: '/xxgk', label: t('xxgk.directory.crumb') },
    ...page.ancestors.map((a) => crumbFor(c, presentOrgRef(a), columnPath(a.code))),
    crumbFor(c, org, current ? columnPath(org.code) : undefined),
  ];
  if (current) crumbs.push({ label: heading });
  return (
    <PublicLayout c={c} title={`${heading} - ${orgName}`} breadcrumbs={crumbs}>
      <h1>
        <span class="caption">
          <OrgName c={c} org={org} />
        </span>
        {heading}
      </h1>
      <nav class="subnav" aria-label={t('xxgk.columns_nav')}>
        <ul>
          {SUB_COLUMNS.map((col) => (
            <li>
              <a
                href={columnPath(org.code, col.section)}
                aria-current={col.section === section ? 'page' : undefined}
              >
                {t(col.titleKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </PublicLayout>
  );
}
