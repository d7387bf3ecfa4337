import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { PublicLayout, siteName } from '../../platform/ui/layout.js';
import { DIRECTORY_GROUPS } from '../../orgs/http/directory.public.page.js';
import type { PublicDirectory } from '../../orgs/http/orgs.public.presenter.js';
import { SearchBox } from '../../catalog/http/search.public.page.js';
import './site.messages.js';

/** `/`: what the platform is for, the way into 政府信息公开, and the way to apply for information and track it. */
export function HomePage({ c, directory }: { c: Context<AppEnv>; directory: PublicDirectory }) {
  const t = c.var.t;
  const city = siteName(c);
  const root = directory.government;
  const counts: Record<(typeof DIRECTORY_GROUPS)[number]['id'], number> = {
    government: root ? 1 : 0,
    departments: directory.departments.length,
    towns: directory.towns.length,
  };
  return (
    <PublicLayout c={c} title={t('home.title')} breadcrumbs={[{ label: t('nav.home') }]}>
      <h1>
        <span class="caption" lang={city.lang}>
          {city.text}
        </span>
        {t('site.platform')}
      </h1>
      {root ? (
        <>
          <p class="lead">{t('home.lead', { city: city.text })}</p>
          <form class="home-search" method="get" action="/search" role="search" aria-labelledby="find">
            <h2 id="find">{t('search.public.home_h')}</h2>
            <SearchBox c={c} q="" id="home-q" />
          </form>
          <section class="panel" aria-labelledby="enter">
            <h2 id="enter">{t('home.enter_h')}</h2>
            <ul class="entry-list">
              <li>
                <a class="entry-link" href={`/xxgk/${root.code}`}>
                  {t('home.city_column', { city: city.text })}
                </a>
                <p>{t('home.city_column_desc')}</p>
              </li>
              <li>
                <a class="entry-link" href="/xxgk">
                  {t('home.directory_link')}
                </a>
                <p>{t('home.directory_desc')}</p>
              </li>
            </ul>
          </section>
          <h2>{t('home.groups_h')}</h2>
          <ul class="card-list">
            {DIRECTORY_GROUPS.map((g) => (
              <li>
                <a class="card-title" href={`/xxgk#${g.id}`}>
                  {t(g.titleKey)}
                </a>
                <p class="muted">{t('home.group_count', { n: counts[g.id] })}</p>
              </li>
            ))}
          </ul>
          <h2>{t('home.how_h')}</h2>
          <p>{t('home.how_text')}</p>
          <section class="panel" aria-labelledby="request">
            <h2 id="request">{t('home.request_h')}</h2>
            <ul class="entry-list">
              <li>
                <a class="entry-link" href="/apply">
                  {t('home.apply_link')}
                </a>
                <p>{t('home.apply_desc')}</p>
              </li>
              <li>
                <a class="entry-link" href="/track">
                  {t('home.track_link')}
                </a>
                <p>{t('home.track_desc')}</p>
              </li>
            </ul>
          </section>
        </>
      ) : (
        <p class="empty-state">{t('home.no_orgs')}</p>
      )}
    </PublicLayout>
  );
}
