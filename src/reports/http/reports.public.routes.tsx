import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { PublicLayout } from '../../platform/ui/layout.js';
import { ORG_CODE_PATTERN } from '../../orgs/org.rules.js';
import { findPublicOrg } from '../../orgs/http/orgs.public.presenter.js';
import { ColumnFrame } from '../../orgs/http/column.public.js';
import { listAllOrgs } from '../../orgs/orgs.repository.js';
import type { AnnualReport } from '../annual-report.js';
import type { ReportStatistics } from '../derive-annual-report.js';
import { renderReportHtml } from '../exports/report-html.js';
import { CONTENT_TYPES, exportReport } from '../exports/index.js';
import { chromiumExecutable, ChromiumUnavailableError } from '../exports/chromium.js';
import { findPublicReport, findVersion } from '../workflow/workflow.repository.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import { computeApplicationStatistics, computeOldStyleStatistics } from '../statistics/compute-statistics.js';
import { ApplicationStatisticsView, OldStyleStatisticsView, PeriodForm } from './statistics.view.js';
import { exportStatistics, filterOf, parsePeriod } from './statistics.support.js';
import './reports.http.messages.js';

const params = z.object({
  code: z.string().regex(ORG_CODE_PATTERN),
  year: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number),
});
const DOWNLOADS = ['docx', 'xlsx', 'pdf', 'json'] as const;
type Download = (typeof DOWNLOADS)[number];

/**
 * What the public URL of a report holds: the published version's frozen JSON (never re-derived), or,
 * while the report is withdrawn for correction, only the date and reason of the withdrawal. A revised
 * report (version 2 or later) carries the reason of the previous version's withdrawal.
 */
async function loadPublished(c: Context<AppEnv>) {
  const db = c.var.deps.database.db;
  const parsed = params.safeParse({ code: c.req.param('code'), year: c.req.param('year') });
  const page = parsed.success ? await findPublicOrg(db, parsed.data.code) : undefined;
  const scope = c.req.query('scope') === 'aggregate' ? 'aggregate' : undefined;
  const row =
    page && parsed.success ? await findPublicReport(db, page.org.id, parsed.data.year, scope) : undefined;
  if (!page || !row?.report_json) throw new AppError('NOT_FOUND', 'No published report');
  const timeZone = c.var.deps.config.timeZone;
  const day = (at: string | null) => (at ? dateInTimeZone(at, timeZone) : '');
  if (row.status === 'withdrawn') {
    return {
      kind: 'withdrawn',
      page,
      year: row.year,
      scope: row.scope,
      withdrawn: { date: day(row.withdrawn_at), reason: row.withdrawal_reason ?? '' },
    } as const;
  }
  const report = JSON.parse(row.report_json) as AnnualReport;
  const statistics = row.statistics_json ? (JSON.parse(row.statistics_json) as ReportStatistics) : undefined;
  const previous = row.version > 1 ? await findVersion(db, row.id, row.version - 1) : undefined;
  const revision =
    row.version > 1
      ? {
          date: day(row.revised_at),
          version: row.version,
          reason: previous?.withdrawal_reason ?? '',
          first: day(row.published_at),
        }
      : undefined;
  return {
    kind: 'published',
    page,
    year: row.year,
    scope: row.scope,
    report,
    statistics,
    publishedAt: row.published_at,
    revision,
  } as const;
}

const pdfAvailable = () => chromiumExecutable() !== null;

/**
 * Public pages of the reports context: each published annual report in its organisation's 公开年报
 * column (HTML with the tables and charts, and downloads), and the public statistics (any period,
 * counts only: no applicant or staff data).
 */
export function reportsPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/xxgk/:code/annual-reports/:year', async (c) => {
    const loaded = await loadPublished(c);
    const t = c.var.t;
    if (loaded.kind === 'withdrawn') {
      const { page, withdrawn } = loaded;
      return c.html(
        <ColumnFrame c={c} page={page} section="annual-reports">
          <div class="notice reports-withdrawn" role="status">
            <h2>{t('reports.public.withdrawn_h')}</h2>
            <p>{t('reports.public.withdrawn_notice', { date: withdrawn.date, reason: withdrawn.reason })}</p>
          </div>
        </ColumnFrame>,
      );
    }
    const { page, report, statistics, publishedAt, revision } = loaded;
    const base = `/xxgk/${encodeURIComponent(page.org.code)}/annual-reports/${report.year}`;
    const suffix = report.scope === 'aggregate' ? '?scope=aggregate' : '';
    const html = renderReportHtml(report, { statistics, headingLevel: 2 });
    return c.html(
      <ColumnFrame c={c} page={page} section="annual-reports">
        {publishedAt ? (
          <p class="meta">
            {t('reports.public.published_on', {
              date: dateInTimeZone(publishedAt, c.var.deps.config.timeZone),
            })}
          </p>
        ) : null}
        {revision ? (
          <p class="notice reports-revised" role="note">
            {t('reports.public.revised_note', revision)}
          </p>
        ) : null}
        <section class="reports-downloads" aria-labelledby="reports-downloads-h">
          <h2 id="reports-downloads-h">{t('reports.public.downloads_h')}</h2>
          <ul>
            <li>
              <a href={`${base}/download/docx${suffix}`}>{t('reports.public.download_docx')}</a>
            </li>
            <li>
              <a href={`${base}/download/xlsx${suffix}`}>{t('reports.public.download_xlsx')}</a>
            </li>
            <li>
              {pdfAvailable() ? (
                <a href={`${base}/download/pdf${suffix}`}>{t('reports.public.download_pdf')}</a>
              ) : (
                <span>{t('reports.public.pdf_unavailable')}</span>
              )}
            </li>
            <li>
              <a href={`${base}/download/json${suffix}`}>{t('reports.public.download_json')}</a>
            </li>
          </ul>
          <p class="hint">{t('reports.public.frozen_note')}</p>
        </section>
        <div class="reports-report">{raw(html)}</div>
      </ColumnFrame>,
    );
  });

  app.get('/xxgk/:code/annual-reports/:year/download/:format', async (c) => {
    const format = c.req.param('format') as Download;
    if (!DOWNLOADS.includes(format)) throw new AppError('NOT_FOUND', 'No such format');
    const loaded = await loadPublished(c);
    // A withdrawn report's old content is not served to the public (its page says why).
    if (loaded.kind === 'withdrawn') throw new AppError('NOT_FOUND', 'The report was withdrawn');
    const { page, report, statistics } = loaded;
    let body: string | Buffer;
    try {
      body = await exportReport(report, format, { statistics });
    } catch (err) {
      if (err instanceof ChromiumUnavailableError) throw new AppError('NOT_FOUND', 'PDF is not available');
      throw err;
    }
    const name = `${page.org.code}-${report.year}-annual-report.${format}`;
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${name}"`,
    });
  });

  async function publicOrgs(c: Context<AppEnv>) {
    const orgs = await listAllOrgs(c.var.deps.database.db);
    return orgs.map((o) => ({ code: o.code, name: o.name }));
  }

  app.get('/statistics', async (c) => {
    const t = c.var.t;
    const db = c.var.deps.database.db;
    const { values, invalid } = parsePeriod(c);
    const orgs = await publicOrgs(c);
    const stats = invalid ? null : await computeApplicationStatistics(db, await filterOf(db, values, 'all'));
    const qs = new URLSearchParams({ from: values.from, to: values.to, org: values.org }).toString();
    return c.html(
      <PublicLayout
        c={c}
        title={t('reports.stats.title')}
        hasError={invalid}
        breadcrumbs={[{ href: '/', label: t('nav.home') }, { label: t('reports.stats.title') }]}
      >
        <h1>{t('reports.stats.title')}</h1>
        <p>{t('reports.stats.intro')}</p>
        <PeriodForm c={c} action="/statistics" values={values} orgs={orgs} allOrgsOption invalid={invalid} />
        {stats ? (
          <>
            <p>
              <a href={`/statistics/old-style?${qs}`}>{t('reports.stats.old_style_link')}</a>
            </p>
            <ApplicationStatisticsView c={c} stats={stats} />
            <h2>{t('reports.stats.export_h')}</h2>
            <ul class="reports-exports">
              <li>
                <a href={`/statistics/export.csv?${qs}`}>{t('reports.stats.export_csv')}</a>
              </li>
              <li>
                <a href={`/statistics/export.xlsx?${qs}`}>{t('reports.stats.export_xlsx')}</a>
              </li>
            </ul>
          </>
        ) : null}
      </PublicLayout>,
      invalid ? 400 : 200,
    );
  });

  app.get('/statistics/old-style', async (c) => {
    const t = c.var.t;
    const db = c.var.deps.database.db;
    const { values, invalid } = parsePeriod(c);
    const orgs = await publicOrgs(c);
    const old = invalid ? null : await computeOldStyleStatistics(db, await filterOf(db, values, 'all'));
    return c.html(
      <PublicLayout
        c={c}
        title={t('reports.stats.old_title')}
        hasError={invalid}
        breadcrumbs={[
          { href: '/', label: t('nav.home') },
          { href: '/statistics', label: t('reports.stats.title') },
          { label: t('reports.stats.old_title') },
        ]}
      >
        <h1>{t('reports.stats.old_title')}</h1>
        <p>{t('reports.stats.old_intro')}</p>
        <PeriodForm
          c={c}
          action="/statistics/old-style"
          values={values}
          orgs={orgs}
          allOrgsOption
          invalid={invalid}
        />
        {old ? <OldStyleStatisticsView c={c} old={old} /> : null}
      </PublicLayout>,
      invalid ? 400 : 200,
    );
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/statistics/export.${format}`, async (c) => {
      const db = c.var.deps.database.db;
      const { values, invalid } = parsePeriod(c);
      if (invalid) throw AppError.validation([{ field: 'from', message: 'reports.stats.period_invalid' }]);
      return exportStatistics(c, await filterOf(db, values, 'all'), format);
    });
  }

  return app;
}
