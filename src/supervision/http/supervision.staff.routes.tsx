import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { can } from '../../platform/auth/permissions.rules.js';
import { AppError } from '../../platform/errors.js';
import { formProblemsOf, readForm } from '../../staff/http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../../staff/http/staff-context.js';
import { computeQuarterAssessment } from '../compute-assessment.js';
import { computeSupervisionFigures, loadSupervisionSettings } from '../compute-figures.js';
import { renderAssessmentXlsx } from '../exports.js';
import { generateQuarter } from '../generate-quarter.js';
import { publishQuarter } from '../publish-quarter.js';
import type { QuarterResults, QuarterRules } from '../quarter-results.js';
import { reviewQuarter } from '../review-quarter.js';
import { saveAssessmentConfig } from '../save-assessment-config.js';
import { saveColumnRule } from '../save-column-rule.js';
import { saveSupervisionSettings } from '../save-supervision-settings.js';
import { enqueueWebsiteCheck } from '../supervision.jobs.js';
import {
  assertCanReadSupervisionOf,
  assertSupervisionScope,
  supervisionScope,
} from '../supervision-scope.js';
import { findRootOrg, todayIn } from '../supervision-support.js';
import {
  findQuarter,
  listCheckHistoryOf,
  listCheckResultsOfRun,
  listCheckRuns,
  listColumnsWithRules,
  listLateItems,
  listQuarters,
  listSupervisedOrgs,
  type QuarterRow,
} from '../supervision.repository.js';
import { isQuarterKey, quarterOf, quarterPeriod, recentQuarters, type Period } from '../supervision.rules.js';
import { ASSESSMENT_INDICATORS } from '../assessment.rules.js';
import { defaultColumnRule } from '../website-check.rules.js';
import {
  AssessmentPage,
  ColumnRulesPage,
  DashboardPage,
  DrillPage,
  QuarterPage,
  QuartersPage,
  SettingsPage,
  WebsiteOrgPage,
  WebsitePage,
} from './supervision.staff.page.js';

function today(c: StaffContext): string {
  return todayIn(c.var.deps.clock.now(), c.var.deps.config.timeZone);
}

/** `?period=2026-Q1`, or blank for the running quarter to date; anything else is a 400. */
function periodOf(c: StaffContext): { key: string; period: Period } {
  const raw = c.req.query('period') ?? '';
  if (raw === '') return { key: '', period: quarterPeriod(quarterOf(today(c))) };
  if (!isQuarterKey(raw)) throw new AppError('BAD_REQUEST', 'supervision.error.quarter_invalid');
  return { key: raw, period: quarterPeriod(raw) };
}

function idOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new AppError('NOT_FOUND', 'supervision.error.org_not_found');
  return id;
}

async function isCityWideFor(
  c: StaffContext,
  action: 'supervision.manage' | 'supervision.review',
): Promise<boolean> {
  const root = await findRootOrg(c.var.deps.database.db);
  return can(requireStaff(c).principal, action, { orgPath: root.path });
}

async function scopedOrgs(c: StaffContext) {
  const { principal } = requireStaff(c);
  assertSupervisionScope(principal);
  return listSupervisedOrgs(c.var.deps.database.db, supervisionScope(principal));
}

function parseQuarter(row: QuarterRow): { rules: QuarterRules; results: QuarterResults } {
  return {
    rules: JSON.parse(row.rules_json) as QuarterRules,
    results: JSON.parse(row.results_json) as QuarterResults,
  };
}

/** The supervision back office under /staff/supervision. */
export function supervisionStaffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/supervision', async (c) => {
    const orgs = await scopedOrgs(c);
    const { key, period } = periodOf(c);
    const db = c.var.deps.database.db;
    const settings = await loadSupervisionSettings(db);
    const figures = await computeSupervisionFigures(db, {
      orgs,
      period,
      today: today(c),
      settings,
      timeZone: c.var.deps.config.timeZone,
    });
    return c.html(
      <DashboardPage
        c={c}
        view={{
          figures,
          settings,
          periodKey: key,
          choices: recentQuarters(today(c), 8),
          canManage: await isCityWideFor(c, 'supervision.manage'),
          annualReportsLate: figures.annualReportsLate,
        }}
      />,
    );
  });

  app.get('/staff/supervision/orgs/:id', async (c) => {
    const { principal } = requireStaff(c);
    const db = c.var.deps.database.db;
    const id = idOf(c.req.param('id'));
    const org = (await listSupervisedOrgs(db, 'all', { includeInactive: true })).find((o) => o.id === id);
    if (!org) throw new AppError('NOT_FOUND', 'supervision.error.org_not_found');
    assertCanReadSupervisionOf(principal, org.path);
    const { key, period } = periodOf(c);
    const settings = await loadSupervisionSettings(db);
    const figures = await computeSupervisionFigures(db, {
      orgs: [org],
      period,
      today: today(c),
      settings,
      includeCases: true,
    });
    const lateItems = await listLateItems(db, org.id, period);
    return c.html(
      <DrillPage
        c={c}
        view={{ org, figures, periodKey: key, choices: recentQuarters(today(c), 8), lateItems }}
      />,
    );
  });

  // Quarterly results ----------------------------------------------------------------------------

  const renderQuarters = async (
    c: StaffContext,
    problems: ReturnType<typeof formProblemsOf>,
    value?: string,
  ) => {
    await scopedOrgs(c);
    const quarters = await listQuarters(c.var.deps.database.db);
    return c.html(
      <QuartersPage
        c={c}
        quarters={quarters}
        choices={recentQuarters(today(c), 8)}
        canManage={await isCityWideFor(c, 'supervision.manage')}
        problems={problems ?? []}
        {...(value ? { value } : {})}
      />,
      problems?.length ? 400 : 200,
    );
  };

  app.get('/staff/supervision/quarters', (c) => renderQuarters(c, []));

  app.post('/staff/supervision/quarters', async (c) => {
    const values = await readForm(c);
    try {
      const { quarter } = await generateQuarter(
        useCaseContextOf(c),
        { timeZone: c.var.deps.config.timeZone },
        {
          quarter: values.quarter ?? '',
        },
      );
      return c.redirect(`/staff/supervision/quarters/${quarter}?done=generated`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderQuarters(c, problems, values.quarter);
    }
  });

  const renderQuarter = async (
    c: StaffContext,
    problems: ReturnType<typeof formProblemsOf>,
    note?: string,
  ) => {
    await scopedOrgs(c);
    const raw = c.req.param('quarter') ?? '';
    const row = isQuarterKey(raw) ? await findQuarter(c.var.deps.database.db, raw) : undefined;
    if (!row) throw new AppError('NOT_FOUND', 'supervision.error.quarter_not_found');
    return c.html(
      <QuarterPage
        c={c}
        row={row}
        {...parseQuarter(row)}
        canManage={await isCityWideFor(c, 'supervision.manage')}
        canReview={await isCityWideFor(c, 'supervision.review')}
        problems={problems ?? []}
        {...(note !== undefined ? { note } : {})}
      />,
      problems?.length ? 400 : 200,
    );
  };

  app.get('/staff/supervision/quarters/:quarter', (c) => renderQuarter(c, []));

  app.post('/staff/supervision/quarters/:quarter/review', async (c) => {
    const values = await readForm(c);
    const quarter = c.req.param('quarter');
    try {
      await reviewQuarter(useCaseContextOf(c), { quarter, note: values.note ?? '' });
      return c.redirect(`/staff/supervision/quarters/${quarter}?done=reviewed`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderQuarter(c, problems, values.note);
    }
  });

  app.post('/staff/supervision/quarters/:quarter/publish', async (c) => {
    const quarter = c.req.param('quarter');
    try {
      await publishQuarter(useCaseContextOf(c), { quarter });
      return c.redirect(`/staff/supervision/quarters/${quarter}?done=published`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderQuarter(c, problems);
    }
  });

  // Website checks ----------------------------------------------------------------------------------

  app.get('/staff/supervision/website', async (c) => {
    const orgs = await scopedOrgs(c);
    const db = c.var.deps.database.db;
    const runs = await listCheckRuns(db, 20);
    const run = runs.find((r) => r.status === 'done') ?? null;
    const results = run
      ? await listCheckResultsOfRun(
          db,
          run.id,
          orgs.map((o) => o.id),
        )
      : [];
    const order = new Map(orgs.map((o, i) => [o.id, i]));
    results.sort((a, b) => (order.get(a.org_id) ?? 0) - (order.get(b.org_id) ?? 0));
    return c.html(
      <WebsitePage
        c={c}
        run={run}
        results={results}
        orgs={orgs}
        canManage={await isCityWideFor(c, 'supervision.manage')}
      />,
    );
  });

  app.post('/staff/supervision/website/run', async (c) => {
    const ctx = useCaseContextOf(c);
    if (!(await isCityWideFor(c, 'supervision.manage'))) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'supervision.manage' } });
    }
    await enqueueWebsiteCheck(c.var.deps.jobs, c.var.deps.database, {
      userId: ctx.principal.userId,
      now: ctx.now,
      timeZone: c.var.deps.config.timeZone,
    });
    return c.redirect('/staff/supervision/website?done=queued', 303);
  });

  app.get('/staff/supervision/website/orgs/:id', async (c) => {
    const { principal } = requireStaff(c);
    const db = c.var.deps.database.db;
    const id = idOf(c.req.param('id'));
    const org = (await listSupervisedOrgs(db, 'all', { includeInactive: true })).find((o) => o.id === id);
    if (!org) throw new AppError('NOT_FOUND', 'supervision.error.org_not_found');
    assertCanReadSupervisionOf(principal, org.path);
    const history = await listCheckHistoryOf(db, org.id, 30);
    return c.html(
      <WebsiteOrgPage c={c} org={org} history={history.map((h) => ({ ...h, score: Number(h.score) }))} />,
    );
  });

  const renderColumns = async (
    c: StaffContext,
    problems: ReturnType<typeof formProblemsOf>,
    failed?: { columnId: number; category: string; maxAgeDays: string; isRequired: boolean },
  ) => {
    if (!(await isCityWideFor(c, 'supervision.manage'))) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'supervision.manage' } });
    }
    const db = c.var.deps.database.db;
    const settings = await loadSupervisionSettings(db);
    const columns = (await listColumnsWithRules(db))
      .filter((col) => col.is_active === 1)
      .map((col) => {
        const rule = col.category
          ? { category: col.category, maxAgeDays: col.max_age_days, isRequired: col.is_required === 1 }
          : defaultColumnRule(col.name, settings.website);
        return { id: col.id, code: col.code, name: col.name, ...rule };
      });
    return c.html(
      <ColumnRulesPage c={c} columns={columns} problems={problems ?? []} {...(failed ? { failed } : {})} />,
      problems?.length ? 400 : 200,
    );
  };

  app.get('/staff/supervision/website/columns', (c) => renderColumns(c, []));

  app.post('/staff/supervision/website/columns/:id', async (c) => {
    const values = await readForm(c);
    const submitted = {
      category: values.category ?? '',
      maxAgeDays: (values.maxAgeDays ?? '').trim(),
      isRequired: values.isRequired === '1',
    };
    try {
      await saveColumnRule(useCaseContextOf(c), { columnId: c.req.param('id'), ...submitted });
      return c.redirect('/staff/supervision/website/columns?done=saved', 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderColumns(c, problems, { columnId: Number(c.req.param('id')), ...submitted });
    }
  });

  // Assessment ------------------------------------------------------------------------------------------

  const assessmentPeriod = (c: StaffContext): string => {
    const raw = c.req.query('period') ?? '';
    if (raw === '') return recentQuarters(today(c), 1)[0]!;
    if (!isQuarterKey(raw)) throw new AppError('BAD_REQUEST', 'supervision.error.quarter_invalid');
    return raw;
  };

  const renderAssessment = async (
    c: StaffContext,
    problems: ReturnType<typeof formProblemsOf>,
    values?: Record<string, string>,
  ) => {
    const orgs = await scopedOrgs(c);
    const canManage = await isCityWideFor(c, 'supervision.manage');
    const view = await computeQuarterAssessment(c.var.deps.database.db, {
      orgs,
      quarter: assessmentPeriod(c),
      today: today(c),
      // Scores are stored for the city-wide view only, so a unit's page never overwrites them.
      store: canManage && !problems?.length,
      now: c.var.deps.clock.now(),
    });
    return c.html(
      <AssessmentPage
        c={c}
        view={view}
        choices={recentQuarters(today(c), 8)}
        canManage={canManage}
        problems={problems ?? []}
        {...(values ? { values } : {})}
      />,
      problems?.length ? 400 : 200,
    );
  };

  app.get('/staff/supervision/assessment', (c) => renderAssessment(c, []));

  app.get('/staff/supervision/assessment.xlsx', async (c) => {
    const orgs = await scopedOrgs(c);
    const quarter = assessmentPeriod(c);
    const view = await computeQuarterAssessment(c.var.deps.database.db, {
      orgs,
      quarter,
      today: today(c),
      store: false,
      now: c.var.deps.clock.now(),
    });
    const body = await renderAssessmentXlsx(view, c.var.lang === 'en' ? 'en' : 'zh-CN');
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="assessment-${quarter}.xlsx"`,
    });
  });

  app.post('/staff/supervision/assessment/config', async (c) => {
    const values = await readForm(c);
    const rows = ASSESSMENT_INDICATORS.map((key) => ({
      key,
      weight: values[`weight_${key}`] ?? '0',
      penalty: values[`penalty_${key}`] ?? '0',
    }));
    try {
      await saveAssessmentConfig(useCaseContextOf(c), rows);
      return c.redirect(`/staff/supervision/assessment?period=${assessmentPeriod(c)}&done=saved`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderAssessment(c, problems, values);
    }
  });

  // Settings -------------------------------------------------------------------------------------------

  const renderSettings = async (
    c: StaffContext,
    problems: ReturnType<typeof formProblemsOf>,
    values?: Record<string, string>,
  ) => {
    if (!(await isCityWideFor(c, 'supervision.manage'))) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'supervision.manage' } });
    }
    const settings = await loadSupervisionSettings(c.var.deps.database.db);
    return c.html(
      <SettingsPage c={c} settings={settings} problems={problems ?? []} {...(values ? { values } : {})} />,
      problems?.length ? 400 : 200,
    );
  };

  app.get('/staff/supervision/settings', (c) => renderSettings(c, []));

  app.post('/staff/supervision/settings', async (c) => {
    const values = await readForm(c);
    try {
      await saveSupervisionSettings(useCaseContextOf(c), values);
      return c.redirect('/staff/supervision/settings?done=saved', 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderSettings(c, problems, values);
    }
  });

  return app;
}
