import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { assertCan, can, scopeOf } from '../../platform/auth/permissions.rules.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import { findRootOrgs } from '../../orgs/orgs.repository.js';
import { formProblemsOf, readForm, type FormValues } from '../../staff/http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../../staff/http/staff-context.js';
import { assertAnyScope, listOrgChoices } from '../../staff/http/scope.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { AnnualReport } from '../annual-report.js';
import '../annual-report.messages.js';
import {
  deriveAnnualReport,
  deriveReportStatistics,
  resolveReportScope,
  findReportNarrative,
} from '../derive-annual-report.js';
import type { ReportStatistics } from '../derive-annual-report.js';
import { draftNarrative } from '../narrative-draft.rules.js';
import { findReportFigures, setReportFigures } from '../set-report-figures.js';
import { saveReportNarrative } from '../save-report-narrative.js';
import { renderReportHtml } from '../exports/report-html.js';
import { submitAnnualReport } from '../workflow/submit-annual-report.js';
import { approveAnnualReport } from '../workflow/approve-annual-report.js';
import { publishAnnualReport } from '../workflow/publish-annual-report.js';
import { returnAnnualReport } from '../workflow/return-annual-report.js';
import {
  buildCityAggregate,
  listReportingStatus,
  type UnitReportStatus,
} from '../workflow/build-city-aggregate.js';
import { setReportDeadlines } from '../workflow/set-report-deadlines.js';
import {
  findPublishedReport,
  findSubmission,
  findVersion,
  listVersions,
  readReportDeadlines,
} from '../workflow/workflow.repository.js';
import { withdrawAnnualReport } from '../workflow/withdraw-annual-report.js';
import { publishCityAggregate } from '../workflow/publish-city-aggregate.js';
import { deadlineFor, isEditable, isLate } from '../workflow/workflow.rules.js';
import { loadOrgForReport } from '../workflow/workflow-support.js';
import { computeApplicationStatistics, computeOldStyleStatistics } from '../statistics/compute-statistics.js';
import { AggregatePage, OrgReportPage, ReportsIndexPage, type OrgReportView } from './reports.staff.page.js';
import { revisionsViewOf, VersionPage } from './reports.revisions.page.js';
import { ApplicationStatisticsView, OldStyleStatisticsView, PeriodForm } from './statistics.view.js';
import { exportStatistics, filterOf, parsePeriod } from './statistics.support.js';
import './reports.http.messages.js';

const yearParam = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number);

function todayOf(c: StaffContext): string {
  return dateInTimeZone(c.var.deps.clock.now(), c.var.deps.config.timeZone);
}

function defaultYear(c: StaffContext): number {
  return Number(todayOf(c).slice(0, 4)) - 1;
}

async function buildOrgView(c: StaffContext, code: string, year: number): Promise<OrgReportView> {
  const { principal } = requireStaff(c);
  const db = c.var.deps.database.db;
  const org = await loadOrgForReport(db, code);
  assertCan(principal, 'report.read', { orgPath: org.path });
  const row = await findSubmission(db, org.id, year);
  const status = row?.status ?? 'draft';
  const editable = isEditable(row ? status : null);
  const timeZone = c.var.deps.config.timeZone;
  let report: AnnualReport;
  let statistics: ReportStatistics | undefined;
  if (editable || !row?.report_json) {
    report = await deriveAnnualReport(db, {
      orgCode: org.code,
      year,
      scope: 'self',
      timeZone,
      now: c.var.deps.clock.now(),
      compareWithPreviousYear: true,
    });
    statistics = await deriveReportStatistics(db, await resolveReportScope(db, org.code, 'self'), year);
  } else {
    report = JSON.parse(row.report_json) as AnnualReport;
    statistics = row.statistics_json ? (JSON.parse(row.statistics_json) as ReportStatistics) : undefined;
  }
  const [saved, figures, deadlines, versions] = await Promise.all([
    findReportNarrative(db, org.id, year, 'self'),
    findReportFigures(db, org.id, org.code, year),
    readReportDeadlines(db, year),
    row ? listVersions(db, row.id) : Promise.resolve([]),
  ]);
  const narrativeIsDraft = saved.updatedAt === null;
  const narrative = narrativeIsDraft
    ? draftNarrative(report)
    : { overview: saved.overview, problems: saved.problems, other: saved.other };
  const dueOn = row?.due_on ?? deadlineFor(org.kind, deadlines);
  const submittedOn = row?.submitted_at ? dateInTimeZone(row.submitted_at, timeZone) : null;
  return {
    org: { code: org.code, name: org.name },
    year,
    status,
    isEditable: editable,
    canEdit: can(principal, 'report.edit', { orgPath: org.path }),
    canReview: can(principal, 'report.review', { orgPath: org.path }),
    canPublish:
      can(principal, 'report.review', { orgPath: org.path }) ||
      can(principal, 'report.edit', { orgPath: org.path }),
    dueOn,
    isLate: isLate({ dueOn, submittedOn, today: todayOf(c) }),
    reviewComments: row?.review_comments ?? null,
    report,
    reportHtml: renderReportHtml(report, { statistics, headingLevel: 2 }),
    narrative,
    narrativeIsDraft,
    figures: {
      'licensing.decisions': String(figures.licensing.decisions),
      'licensing.source': figures.licensing.source ?? '',
      'penalty.decisions': String(figures.penalty.decisions),
      'penalty.source': figures.penalty.source ?? '',
      'coercion.decisions': String(figures.coercion.decisions),
      'coercion.source': figures.coercion.source ?? '',
      'fees.amountWanYuan': String(figures.fees.amountWanYuan),
      'fees.source': figures.fees.source ?? '',
    },
    revisions: revisionsViewOf(row, versions, timeZone),
  };
}

function numberOf(value: string | undefined): number {
  const text = (value ?? '').trim();
  return text === '' ? Number.NaN : Number(text);
}

/** The back office of the annual report (报送 → 审核 → 汇总 → 公布) and the statistics dashboard. */
export function reportsStaffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function renderIndex(
    c: StaffContext,
    year: number,
    problems: ReturnType<typeof formProblemsOf> = null,
    values?: FormValues,
  ) {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'report.read');
    const db = c.var.deps.database.db;
    const scope = scopeOf(principal, 'report.read');
    const tops =
      scope === 'all'
        ? await findRootOrgs(db)
        : await Promise.all(
            scope.map(
              async (p) =>
                (await db.selectFrom('orgs').selectAll().where('path', '=', p).executeTakeFirst())!,
            ),
          );
    const ctx = useCaseContextOf(c);
    const timeZone = c.var.deps.config.timeZone;
    const groups: { org: { code: string; name: string; kind: string }; units: UnitReportStatus[] }[] = [];
    const queue: UnitReportStatus[] = [];
    for (const top of tops.filter(Boolean)) {
      const status = await listReportingStatus(ctx, { orgCode: top.code, year, timeZone });
      groups.push({ org: { code: top.code, name: top.name, kind: top.kind }, units: status.units });
      if (can(principal, 'report.review', { orgPath: top.path }))
        queue.push(...status.units.filter((u) => u.status === 'submitted'));
    }
    const roots = await findRootOrgs(db);
    const canSetDeadlines = roots.some((r) => can(principal, 'report.review', { orgPath: r.path }));
    return c.html(
      <ReportsIndexPage
        c={c}
        year={year}
        deadlines={await readReportDeadlines(db, year)}
        groups={groups}
        queue={queue}
        canSetDeadlines={canSetDeadlines}
        problems={problems ?? []}
        deadlineValues={values}
      />,
      problems ? HTTP_STATUS.VALIDATION : 200,
    );
  }

  app.get('/staff/reports', async (c) => {
    const parsed = yearParam.safeParse(c.req.query('year') ?? '');
    return renderIndex(c, parsed.success ? parsed.data : defaultYear(c));
  });

  app.post('/staff/reports/deadlines', async (c) => {
    const year = yearParam.parse(c.req.query('year') ?? '');
    const values = await readForm(c);
    try {
      await setReportDeadlines(useCaseContextOf(c), {
        year,
        units: values.units ?? '',
        governments: values.governments ?? '',
      });
      return c.redirect(`/staff/reports?year=${year}&done=deadlines`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderIndex(c, year, problems, values);
    }
  });

  const orgYear = (c: StaffContext) => {
    const code = c.req.param('code') ?? '';
    const parsed = yearParam.safeParse(c.req.param('year'));
    if (!parsed.success) throw new AppError('NOT_FOUND', 'No such year');
    return { code, year: parsed.data };
  };

  app.get('/staff/reports/:code/:year', async (c) => {
    const { code, year } = orgYear(c);
    return c.html(<OrgReportPage c={c} view={await buildOrgView(c, code, year)} />);
  });

  async function renderAggregate(
    c: StaffContext,
    problems: FieldProblem[] = [],
    values?: FormValues,
    form?: string,
  ) {
    const { code, year } = orgYear(c);
    const { principal } = requireStaff(c);
    const db = c.var.deps.database.db;
    const aggregate = await buildCityAggregate(useCaseContextOf(c), {
      orgCode: code,
      year,
      timeZone: c.var.deps.config.timeZone,
    });
    const org = await loadOrgForReport(db, code);
    const [published, saved, submission] = await Promise.all([
      findPublishedReport(db, org.id, year, 'aggregate'),
      findReportNarrative(db, org.id, year, 'aggregate'),
      findSubmission(db, org.id, year, 'aggregate'),
    ]);
    const versions = submission ? await listVersions(db, submission.id) : [];
    const report = published?.report_json
      ? (JSON.parse(published.report_json) as AnnualReport)
      : aggregate.report;
    const narrative =
      (form === 'withdraw' ? undefined : values) ??
      (saved.updatedAt === null
        ? { ...draftNarrative(aggregate.report) }
        : { overview: saved.overview, problems: saved.problems, other: saved.other });
    return c.html(
      <AggregatePage
        c={c}
        aggregate={aggregate}
        reportHtml={renderReportHtml(
          published
            ? report
            : {
                ...report,
                narrative: {
                  overview: narrative.overview ?? '',
                  problems: narrative.problems ?? '',
                  other: narrative.other ?? '',
                },
              },
          { headingLevel: 2 },
        )}
        canReview={can(principal, 'report.review', { orgPath: org.path })}
        isPublished={published !== undefined}
        narrative={narrative}
        problems={problems}
        revisions={revisionsViewOf(submission, versions, c.var.deps.config.timeZone)}
        form={form}
        values={values}
      />,
      problems.length ? HTTP_STATUS.VALIDATION : 200,
    );
  }

  app.get('/staff/reports/:code/:year/aggregate', (c) => renderAggregate(c));

  app.post('/staff/reports/:code/:year/aggregate/narrative', async (c) => {
    const { code, year } = orgYear(c);
    const v = await readForm(c);
    try {
      await saveReportNarrative(useCaseContextOf(c), {
        orgCode: code,
        year,
        scope: 'aggregate',
        overview: v.overview ?? '',
        problems: v.problems ?? '',
        other: v.other ?? '',
      });
      return c.redirect(`/staff/reports/${encodeURIComponent(code)}/${year}/aggregate?done=narrative`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderAggregate(c, problems, v);
    }
  });

  app.post('/staff/reports/:code/:year/aggregate/publish', async (c) => {
    const { code, year } = orgYear(c);
    try {
      await publishCityAggregate(useCaseContextOf(c), {
        orgCode: code,
        year,
        timeZone: c.var.deps.config.timeZone,
      });
      return c.redirect(`/staff/reports/${encodeURIComponent(code)}/${year}/aggregate?done=published`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderAggregate(c, problems);
    }
  });

  app.post('/staff/reports/:code/:year/aggregate/withdraw', async (c) => {
    const { code, year } = orgYear(c);
    const v = await readForm(c);
    try {
      await withdrawAnnualReport(useCaseContextOf(c), {
        orgCode: code,
        year,
        scope: 'aggregate',
        reason: v.reason ?? '',
      });
      return c.redirect(`/staff/reports/${encodeURIComponent(code)}/${year}/aggregate?done=withdrawn`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderAggregate(c, problems, v, 'withdraw');
    }
  });

  // Any published version of a report, exactly as it was public (?scope=aggregate for the aggregate).
  app.get('/staff/reports/:code/:year/versions/:version', async (c) => {
    const { code, year } = orgYear(c);
    const number = Number(c.req.param('version'));
    const scope = c.req.query('scope') === 'aggregate' ? 'aggregate' : 'self';
    const { principal } = requireStaff(c);
    const db = c.var.deps.database.db;
    const org = await loadOrgForReport(db, code);
    assertCan(principal, 'report.read', { orgPath: org.path });
    const submission = await findSubmission(db, org.id, year, scope);
    const version =
      submission && Number.isInteger(number) ? await findVersion(db, submission.id, number) : undefined;
    if (!version) throw new AppError('NOT_FOUND', 'No such version');
    const timeZone = c.var.deps.config.timeZone;
    const statistics = version.statistics_json
      ? (JSON.parse(version.statistics_json) as ReportStatistics)
      : undefined;
    const base = `/staff/reports/${encodeURIComponent(org.code)}/${year}`;
    return c.html(
      <VersionPage
        c={c}
        org={{ code: org.code, name: org.name }}
        year={year}
        version={version.version}
        publishedOn={dateInTimeZone(version.published_at, timeZone)}
        withdrawal={
          version.withdrawn_at
            ? {
                date: dateInTimeZone(version.withdrawn_at, timeZone),
                reason: version.withdrawal_reason ?? '',
              }
            : null
        }
        reportHtml={renderReportHtml(JSON.parse(version.report_json) as AnnualReport, {
          statistics,
          headingLevel: 2,
        })}
        backHref={scope === 'aggregate' ? `${base}/aggregate` : base}
      />,
    );
  });

  /** Runs a step; on a form problem re-renders the report page with the input kept and the problems. */
  async function step(
    c: StaffContext,
    form: string,
    run: (values: FormValues, code: string, year: number) => Promise<unknown>,
    done: string,
  ) {
    const { code, year } = orgYear(c);
    const values = await readForm(c);
    try {
      await run(values, code, year);
      return c.redirect(`/staff/reports/${encodeURIComponent(code)}/${year}?done=${done}`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      const view = await buildOrgView(c, code, year);
      return c.html(
        <OrgReportPage c={c} view={view} problems={problems} form={form} values={values} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  }

  app.post('/staff/reports/:code/:year/figures', (c) =>
    step(
      c,
      'figures',
      (v, orgCode, year) =>
        setReportFigures(useCaseContextOf(c), {
          orgCode,
          year,
          licensing: { decisions: numberOf(v['licensing.decisions']), source: v['licensing.source'] },
          penalty: { decisions: numberOf(v['penalty.decisions']), source: v['penalty.source'] },
          coercion: { decisions: numberOf(v['coercion.decisions']), source: v['coercion.source'] },
          fees: { amountWanYuan: numberOf(v['fees.amountWanYuan']), source: v['fees.source'] },
        }),
      'figures',
    ),
  );

  app.post('/staff/reports/:code/:year/narrative', (c) =>
    step(
      c,
      'narrative',
      (v, orgCode, year) =>
        saveReportNarrative(useCaseContextOf(c), {
          orgCode,
          year,
          scope: 'self',
          overview: v.overview ?? '',
          problems: v.problems ?? '',
          other: v.other ?? '',
        }),
      'narrative',
    ),
  );

  app.post('/staff/reports/:code/:year/submit', (c) =>
    step(
      c,
      'submit',
      (_v, orgCode, year) =>
        submitAnnualReport(useCaseContextOf(c), { orgCode, year, timeZone: c.var.deps.config.timeZone }),
      'submitted',
    ),
  );
  app.post('/staff/reports/:code/:year/approve', (c) =>
    step(
      c,
      'approve',
      (_v, orgCode, year) => approveAnnualReport(useCaseContextOf(c), { orgCode, year }),
      'approved',
    ),
  );
  app.post('/staff/reports/:code/:year/return', (c) =>
    step(
      c,
      'return',
      (v, orgCode, year) =>
        returnAnnualReport(useCaseContextOf(c), { orgCode, year, comments: v.comments ?? '' }),
      'returned',
    ),
  );
  app.post('/staff/reports/:code/:year/publish', (c) =>
    step(
      c,
      'publish',
      (_v, orgCode, year) => publishAnnualReport(useCaseContextOf(c), { orgCode, year }),
      'published',
    ),
  );

  app.post('/staff/reports/:code/:year/withdraw', (c) =>
    step(
      c,
      'withdraw',
      (v, orgCode, year) =>
        withdrawAnnualReport(useCaseContextOf(c), { orgCode, year, reason: v.reason ?? '' }),
      'withdrawn',
    ),
  );

  // --- Statistics dashboard ------------------------------------------------------------------------

  async function staffFilter(c: StaffContext) {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'report.read');
    const db = c.var.deps.database.db;
    const { values, invalid } = parsePeriod(c);
    const orgs = await listOrgChoices(db, principal, 'report.read');
    const scope = scopeOf(principal, 'report.read');
    const filter = invalid ? null : await filterOf(db, values, scope);
    return {
      values,
      invalid,
      orgs,
      filter,
      isCityWide: scope === 'all' || orgs.some((o) => o.parent_id === null),
    };
  }

  app.get('/staff/statistics', async (c) => {
    const t = c.var.t;
    const db = c.var.deps.database.db;
    const { values, invalid, orgs, filter } = await staffFilter(c);
    const [stats, old] = filter
      ? await Promise.all([computeApplicationStatistics(db, filter), computeOldStyleStatistics(db, filter)])
      : [null, null];
    const qs = new URLSearchParams({ from: values.from, to: values.to, org: values.org }).toString();
    const title = t('reports.stats.staff_title');
    return c.html(
      <StaffPage c={c} title={title} hasError={invalid} breadcrumbs={[{ label: title }]}>
        <h1>{title}</h1>
        <p>{t('reports.stats.intro')}</p>
        <PeriodForm
          c={c}
          action="/staff/statistics"
          values={values}
          orgs={orgs.map((o) => ({ code: o.code, name: o.name }))}
          allOrgsOption
          invalid={invalid}
        />
        {stats && old ? (
          <>
            <ul class="reports-exports">
              <li>
                <a href={`/staff/statistics/export.csv?${qs}`}>{t('reports.stats.export_csv')}</a>
              </li>
              <li>
                <a href={`/staff/statistics/export.xlsx?${qs}`}>{t('reports.stats.export_xlsx')}</a>
              </li>
            </ul>
            <ApplicationStatisticsView c={c} stats={stats} />
            <h2>{t('reports.stats.old_title')}</h2>
            <p>{t('reports.stats.old_intro')}</p>
            <OldStyleStatisticsView c={c} old={old} />
          </>
        ) : null}
      </StaffPage>,
      invalid ? HTTP_STATUS.VALIDATION : 200,
    );
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/staff/statistics/export.${format}`, async (c) => {
      const { filter } = await staffFilter(c);
      if (!filter) throw AppError.validation([{ field: 'from', message: 'reports.stats.period_invalid' }]);
      return exportStatistics(c, filter, format);
    });
  }

  return app;
}
