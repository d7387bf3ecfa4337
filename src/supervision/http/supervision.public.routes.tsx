import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { PublicLayout, siteName } from '../../platform/ui/layout.js';
import { loadSupervisionSettings } from '../compute-figures.js';
import { formatDays, formatRate, renderQuarterDocx } from '../exports.js';
import type { QuarterResults, QuarterRules } from '../quarter-results.js';
import { findQuarter, latestSnapshot, listQuarters, type QuarterRow } from '../supervision.repository.js';
import { isQuarterKey } from '../supervision.rules.js';
import { QuarterResultsTable, RulesList } from './supervision.shared.js';
import '../supervision.messages.js';

type PublicContext = Context<AppEnv>;

async function loadPublished(c: PublicContext): Promise<QuarterRow> {
  const raw = c.req.param('quarter') ?? '';
  const row = isQuarterKey(raw) ? await findQuarter(c.var.deps.database.db, raw) : undefined;
  // Drafts and reviewed results are not public: the same 404 as an unknown quarter.
  if (!row || row.status !== 'published')
    throw new AppError('NOT_FOUND', 'supervision.error.quarter_not_found');
  return row;
}

function IndexPage({ c, quarters }: { c: PublicContext; quarters: QuarterRow[] }) {
  const t = c.var.t;
  return (
    <PublicLayout c={c} title={t('supervision.public.title')}>
      <h1>{t('supervision.public.title')}</h1>
      <p>{t('supervision.public.intro')}</p>
      <p>
        <a href="/supervision/transparency">{t('supervision.public.transparency')}</a>
      </p>
      <h2>{t('supervision.public.quarters')}</h2>
      {quarters.length === 0 ? (
        <p>{t('supervision.public.none')}</p>
      ) : (
        <ul>
          {quarters.map((q) => (
            <li>
              <a href={`/supervision/quarters/${q.quarter}`}>
                {t('supervision.public.quarter_title', { quarter: q.quarter })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </PublicLayout>
  );
}

function QuarterPublicPage({ c, row }: { c: PublicContext; row: QuarterRow }) {
  const t = c.var.t;
  const rules = JSON.parse(row.rules_json) as QuarterRules;
  const results = JSON.parse(row.results_json) as QuarterResults;
  const title = t('supervision.public.quarter_title', { quarter: row.quarter });
  return (
    <PublicLayout
      c={c}
      title={title}
      breadcrumbs={[{ href: '/supervision', label: t('supervision.public.title') }]}
    >
      <h1>{title}</h1>
      <p>
        {rules.period.from} — {rules.period.to} ·{' '}
        {t('supervision.public.published_on', { date: (row.published_at ?? '').slice(0, 10) })}
      </p>
      <p>
        <a href={`/supervision/quarters/${row.quarter}/download.docx`}>{t('supervision.public.download')}</a>
      </p>
      <QuarterResultsTable c={c} rules={rules} results={results} />
      <RulesList c={c} rules={rules} />
    </PublicLayout>
  );
}

/** The public supervision pages: published quarters (page and Word file) and the transparency table. */
export function supervisionPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/supervision', async (c) => {
    const quarters = await listQuarters(c.var.deps.database.db, { publishedOnly: true });
    return c.html(<IndexPage c={c} quarters={quarters} />);
  });

  app.get('/supervision/quarters/:quarter', async (c) => {
    const row = await loadPublished(c);
    return c.html(<QuarterPublicPage c={c} row={row} />);
  });

  app.get('/supervision/quarters/:quarter/download.docx', async (c) => {
    const row = await loadPublished(c);
    const body = await renderQuarterDocx(
      row.quarter,
      JSON.parse(row.rules_json) as QuarterRules,
      JSON.parse(row.results_json) as QuarterResults,
      siteName(c).text,
    );
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="supervision-${row.quarter}.docx"`,
    });
  });

  app.get('/supervision/transparency', async (c) => {
    const t = c.var.t;
    const db = c.var.deps.database.db;
    const [{ snapshotOn, rows }, settings] = await Promise.all([
      latestSnapshot(db),
      loadSupervisionSettings(db),
    ]);
    const hidden = (n: number) =>
      n === 0 ? t('supervision.no_answers') : t('supervision.below_minimum', { min: settings.minCount });
    const first = rows[0];
    return c.html(
      <PublicLayout
        c={c}
        title={t('supervision.public.transparency')}
        breadcrumbs={[{ href: '/supervision', label: t('supervision.public.title') }]}
      >
        <h1>{t('supervision.public.transparency')}</h1>
        {snapshotOn === null || !first ? (
          <p>{t('supervision.public.transparency_none')}</p>
        ) : (
          <>
            <p>
              {t('supervision.public.transparency_intro', {
                from: first.period_from,
                to: first.period_to,
                date: snapshotOn,
                min: settings.minCount,
              })}
            </p>
            <div class="table-scroll" tabindex={0} role="region" aria-labelledby="transparency-caption">
              <table class="supervision-table">
                <caption id="transparency-caption">{t('supervision.public.transparency')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('supervision.org')}</th>
                    <th scope="col">{t('supervision.col.answered')}</th>
                    <th scope="col">{t('supervision.col.on_time_rate')}</th>
                    <th scope="col">{t('supervision.col.median')}</th>
                    <th scope="col">{t('supervision.col.p90')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <th scope="row">{r.name}</th>
                      <td>{r.answered_count}</td>
                      <td>
                        {formatRate(r.on_time_rate === null ? null : Number(r.on_time_rate)) ??
                          hidden(r.answered_count)}
                      </td>
                      <td>{formatDays(r.median_days === null ? null : Number(r.median_days)) ?? '—'}</td>
                      <td>{formatDays(r.p90_days === null ? null : Number(r.p90_days)) ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </PublicLayout>,
    );
  });

  return app;
}
