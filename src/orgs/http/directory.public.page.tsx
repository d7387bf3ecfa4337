import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { PublicLayout } from '../../platform/ui/layout.js';
import { OrgName, columnPath } from './column.public.js';
import type { PublicDirectory, PublicOrgNode } from './orgs.public.presenter.js';
import './orgs.public.messages.js';

/** Anchors of the directory's groups; the home page links to them. */
export const DIRECTORY_GROUPS = [
  { id: 'government', titleKey: 'xxgk.group.government' },
  { id: 'departments', titleKey: 'xxgk.group.department' },
  { id: 'towns', titleKey: 'xxgk.group.town' },
] as const;

function OrgTree({ c, nodes }: { c: Context<AppEnv>; nodes: PublicOrgNode[] }) {
  return (
    <>
      {nodes.map((node) => (
        <li>
          <a href={columnPath(node.code)}>
            <OrgName c={c} org={node} />
          </a>
          {node.children.length > 0 ? (
            <ul class="sub-list">
              <OrgTree c={c} nodes={node.children} />
            </ul>
          ) : null}
        </li>
      ))}
    </>
  );
}

/** `/xxgk`: every organisation, grouped by kind, each with the offices under it. */
export function DirectoryPage({ c, directory }: { c: Context<AppEnv>; directory: PublicDirectory }) {
  const t = c.var.t;
  const title = t('xxgk.directory.title');
  const groups: Record<(typeof DIRECTORY_GROUPS)[number]['id'], PublicOrgNode[]> = {
    government: directory.government ? [directory.government] : [],
    departments: directory.departments,
    towns: directory.towns,
  };
  return (
    <PublicLayout
      c={c}
      title={title}
      breadcrumbs={[{ href: '/', label: t('nav.home') }, { label: t('xxgk.directory.crumb') }]}
    >
      <h1>{title}</h1>
      <p class="lead">{t('xxgk.directory.lead')}</p>
      {directory.government === null ? (
        <p class="empty-state">{t('xxgk.directory.empty')}</p>
      ) : (
        <>
          <nav class="jump-links" aria-label={t('xxgk.directory.jump')}>
            <ul>
              {DIRECTORY_GROUPS.map((g) => (
                <li>
                  <a href={`#${g.id}`}>{t(g.titleKey)}</a>
                </li>
              ))}
            </ul>
          </nav>
          {DIRECTORY_GROUPS.map((g) => (
            <section aria-labelledby={g.id}>
              <h2 id={g.id}>
                {t(g.titleKey)}
                {g.id !== 'government' ? (
                  <span class="count">{t('xxgk.directory.count', { n: groups[g.id].length })}</span>
                ) : null}
              </h2>
              {groups[g.id].length > 0 ? (
                <ul class="org-list">
                  <OrgTree c={c} nodes={groups[g.id]} />
                </ul>
              ) : (
                <p class="muted">{t('xxgk.directory.group_empty')}</p>
              )}
            </section>
          ))}
        </>
      )}
    </PublicLayout>
  );
}
