import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../platform/http/env.js';
import { listPublishedReports } from '../workflow/workflow.repository.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import './reports.http.messages.js';

/**
 * The list of an organisation's published annual reports, newest year first, for its 公开年报 column
 * (src/orgs/http/column.public.page.tsx). Every year stays listed; each links to its page, which shows
 * the current version (marked when revised) or, while withdrawn, the withdrawal notice.
 */
export async function PublishedReportsList(props: {
  c: Context<AppEnv>;
  orgId: number;
  orgCode: string;
  /** What to show when nothing is published yet (the column's own empty state). */
  empty?: Child;
}) {
  const { c, orgId, orgCode } = props;
  const t = c.var.t;
  const reports = await listPublishedReports(c.var.deps.database.db, orgId);
  const day = (at: string | null) => (at ? dateInTimeZone(at, c.var.deps.config.timeZone) : '');
  if (reports.length === 0) return props.empty ?? <p class="empty-state">{t('reports.public.none')}</p>;
  return (
    <ul class="reports-published-list">
      {reports.map((r) => (
        <li>
          <a
            href={`/xxgk/${encodeURIComponent(orgCode)}/annual-reports/${r.year}${r.scope === 'aggregate' ? '?scope=aggregate' : ''}`}
          >
            {t(r.scope === 'aggregate' ? 'reports.public.year_link_aggregate' : 'reports.public.year_link', {
              year: r.year,
            })}
          </a>
          {r.published_at ? (
            <span class="meta"> {t('reports.public.published_on', { date: day(r.published_at) })}</span>
          ) : null}
          {r.status === 'withdrawn' ? (
            <span class="tag reports-status--withdrawn">
              {' '}
              {t('reports.public.withdrawn_tag', { date: day(r.withdrawn_at) })}
            </span>
          ) : r.version > 1 ? (
            <span class="meta"> {t('reports.public.revised_tag', { date: day(r.revised_at) })}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
